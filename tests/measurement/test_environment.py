"""Environment snapshot with a fake NVML and a fake /proc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llem.harness.environment import snapshot

CPUINFO = (
    "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n"
)
MEMINFO = "MemTotal:       131072000 kB\nMemFree:         1000 kB\n"


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc" / "cpuinfo").write_text(CPUINFO)
    (tmp_path / "proc" / "meminfo").write_text(MEMINFO)
    (tmp_path / ".dockerenv").touch()
    return tmp_path


def test_snapshot_with_gpus(make_nvml, two_h100s, fake_root):
    two_h100s[1].mig_supported = False
    env = {"CUDA_VISIBLE_DEVICES": "1"}
    nvml = make_nvml(two_h100s)
    info = snapshot({"torch": "2.13.0"}, nvml=nvml, env=env, root=fake_root)
    json.dumps(info)  # JSON-ready
    assert info["cpu"]["model"] == "Intel(R) Xeon(R) Platinum 8480+"
    assert info["memory_total_bytes"] == 131072000 * 1024
    assert info["container"] == "docker"
    assert info["cuda_visible_devices"] == "1"
    assert info["engine_versions"] == {"torch": "2.13.0"}
    assert info["gpu_driver"] == {"driver_version": "550.54.15", "cuda_driver_version": "12.4"}
    first, second = info["gpus"]
    assert first["uuid"] == "GPU-aaaa1111-0000-0000-0000-000000000000"
    assert first["power_limit_w"] == 700.0
    assert first["memory_total_bytes"] == 85_899_345_920
    assert first["persistence_mode"] is True
    assert first["mig_mode"] is False
    assert second["mig_mode"] is None
    assert second["unavailable"]["mig_mode"].startswith("not supported")
    assert nvml.open_sessions == 0


def test_snapshot_without_nvml_says_why(make_nvml, fake_error, fake_root):
    nvml = make_nvml([], init_error=fake_error("NVMLError_LibraryNotFound"))
    info = snapshot({}, nvml=nvml, env={}, root=fake_root)
    assert info["gpus"] is None
    assert "libnvidia-ml.so.1" in info["gpus_reason"]


def test_snapshot_host_facts(make_nvml, tmp_path):
    info = snapshot({}, nvml=make_nvml([]), env={}, root=tmp_path)  # no /proc, no marker
    assert info["cpu"]["logical_cpus"] >= 1
    assert info["memory_total_bytes"] is None
    assert info["container"] is None
    assert "llem-core" in info["llem_packages"]
    assert info["python"]["version"].count(".") == 2
    assert info["os"]["kernel"]
    assert info["gpus"] == []
