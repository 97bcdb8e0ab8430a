"""Environment snapshot with a fake NVML and a fake /proc."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llem.energy.nvml_inventory import gpu_snapshot
from llem.harness.environment import snapshot
from llem.testing.fake_nvml import FakeProcess

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


def test_gpu_snapshot_describes_clocks_power_state_and_processes(make_nvml, two_h100s):
    gpu = two_h100s[0]
    gpu.pci_bus_id, gpu.power_limit_default_mw = "00000000:18:00.0", 700_000
    gpu.sm_clock_mhz, gpu.memory_clock_mhz, gpu.temperature_c = 1755, 2619, 47
    gpu.max_sm_clock_mhz, gpu.max_memory_clock_mhz = 1980, 2619
    gpu.application_sm_clock_mhz, gpu.application_memory_clock_mhz = 1410, 1593
    gpu.compute_mode = 3
    gpu.processes = [FakeProcess(4242, 3 * 2**30), FakeProcess(4343, None)]
    nvml = make_nvml(two_h100s)
    first = gpu_snapshot(nvml)["gpus"][0]
    json.dumps(first)
    assert {key: first[key] for key in EXPECTED_GPU0} == EXPECTED_GPU0
    assert first["unavailable"] == {}
    assert nvml.open_sessions == 0


EXPECTED_GPU0 = {
    "pci_bus_id": "00000000:18:00.0", "power_limit_w": 700.0, "power_limit_default_w": 700.0,
    "sm_clock_mhz": 1755, "memory_clock_mhz": 2619, "max_sm_clock_mhz": 1980,
    "max_memory_clock_mhz": 2619, "application_sm_clock_mhz": 1410,
    "application_memory_clock_mhz": 1593, "temperature_c": 47.0,
    "compute_mode": "exclusive_process",
    "processes": [{"pid": 4242, "used_memory_mb": 3072.0}, {"pid": 4343, "used_memory_mb": None}],
}  # fmt: skip


def test_each_unreadable_gpu_field_is_none_with_its_reason(make_nvml, two_h100s, fake_error):
    gpu = two_h100s[0]
    gpu.application_sm_clock_mhz = gpu.application_memory_clock_mhz = None
    gpu.processes = fake_error("NVMLError_GpuIsLost")
    first = gpu_snapshot(make_nvml(two_h100s))["gpus"][0]
    assert first["application_sm_clock_mhz"] is None
    assert first["application_memory_clock_mhz"] is None
    assert first["processes"] is None
    assert set(first["unavailable"]) == {
        "application_sm_clock_mhz", "application_memory_clock_mhz", "processes",
    }  # fmt: skip
    assert first["unavailable"]["processes"] == "NVML error: GPU is lost"
    assert first["unavailable"]["application_sm_clock_mhz"].startswith("not supported")
    assert first["sm_clock_mhz"] == 345
    assert first["temperature_c"] == 35.0


def test_a_function_missing_from_the_binding_is_unavailable_not_raised(make_nvml, two_h100s):
    class NewerBinding(make_nvml):
        def __getattribute__(self, name: str):
            if name == "nvmlDeviceGetApplicationsClock":
                raise AttributeError(f"module 'pynvml' has no attribute {name!r}")
            return super().__getattribute__(name)

    first = gpu_snapshot(NewerBinding(two_h100s))["gpus"][0]
    assert first["application_sm_clock_mhz"] is None
    assert "not in this pynvml binding" in first["unavailable"]["application_sm_clock_mhz"]
    assert first["max_memory_clock_mhz"] == 2619


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
