"""RaplSampler against a fake powercap tree: discovery, wraparound, permissions, polling."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from llem.energy.base import MeasurementTarget
from llem.energy.rapl import RaplSampler
from llem.energy.rapl_counter import ZoneCounter, wrapped_delta
from llem.energy.rapl_zones import RaplZone, discover_zones

TARGET = MeasurementTarget("cpu")
MAX_UJ = 262_143_328_850


def write_zone(root: Path, directory: str, name: str, energy_uj: int, max_uj: int = MAX_UJ) -> Path:
    zone = root / directory
    zone.mkdir(parents=True)
    (zone / "name").write_text(f"{name}\n")
    (zone / "energy_uj").write_text(f"{energy_uj}\n")
    (zone / "max_energy_range_uj").write_text(f"{max_uj}\n")
    return zone


@pytest.fixture
def powercap(tmp_path: Path) -> Path:
    """Two packages with a DRAM subzone on package 0, plus zones that must be skipped."""
    root = tmp_path / "powercap"
    (root / "intel-rapl").mkdir(parents=True)  # the control type itself, not a zone
    write_zone(root, "intel-rapl:0", "package-0", 1_000_000)
    write_zone(root, "intel-rapl:0:0", "core", 5)
    write_zone(root, "intel-rapl:0:1", "dram", 2_000_000)
    write_zone(root, "intel-rapl:1", "package-1", 3_000_000)
    write_zone(root, "intel-rapl:2", "psys", 9)
    write_zone(root, "intel-rapl-mmio:0", "package-0", 7)
    return root


def set_energy(root: Path, directory: str, energy_uj: int) -> None:
    (root / directory / "energy_uj").write_text(f"{energy_uj}\n")


def test_discovery_keeps_packages_and_dram_only(powercap):
    zones = discover_zones(powercap)
    assert [(zone.device, zone.domain, zone.path.name) for zone in zones] == [
        ("package-0", "package", "intel-rapl:0"),
        ("package-0", "dram", "intel-rapl:0:1"),
        ("package-1", "package", "intel-rapl:1"),
    ]


def test_mmio_zone_is_used_when_it_is_the_only_interface(tmp_path):
    write_zone(tmp_path, "intel-rapl-mmio:0", "package-0", 1)
    assert [zone.path.name for zone in discover_zones(tmp_path)] == ["intel-rapl-mmio:0"]


def test_window_energy_per_zone_and_boundary(powercap):
    sampler = RaplSampler(powercap, poll_interval_s=None)
    assert sampler.probe(TARGET).ok
    sampler.start()
    set_energy(powercap, "intel-rapl:0", 31_000_000)  # +30 J
    set_energy(powercap, "intel-rapl:0:1", 4_500_000)  # +2.5 J
    set_energy(powercap, "intel-rapl:1", 13_000_000)  # +10 J
    measurement = sampler.stop()
    assert [(d.device, d.domain, d.joules) for d in measurement.domains] == [
        ("package-0", "package", 30.0),
        ("package-0", "dram", 2.5),
        ("package-1", "package", 10.0),
    ]
    assert measurement.total_j == pytest.approx(42.5)
    assert measurement.method == "rapl-powercap-counter"
    assert measurement.boundary.startswith("CPU package(s) + DRAM of this host (all processes)")


def test_wrapped_delta_arithmetic():
    assert wrapped_delta(100, 350, 1_000) == 250
    assert wrapped_delta(900, 100, 1_000) == 200  # end + max - start
    assert wrapped_delta(500, 500, 1_000) == 0


def test_wraparound_inside_the_window(tmp_path):
    write_zone(tmp_path, "intel-rapl:0", "package-0", 990_000_000, max_uj=1_000_000_000)
    sampler = RaplSampler(tmp_path, poll_interval_s=None)
    sampler.probe(TARGET)
    sampler.start()
    set_energy(tmp_path, "intel-rapl:0", 15_000_000)
    measurement = sampler.stop()
    assert measurement.total_j == pytest.approx(25.0)
    assert "no DRAM zone" in measurement.boundary


def test_counter_accumulates_several_wraps_across_polls():
    zone = RaplZone(Path("z"), "package-0", "package", max_range_uj=1_000)
    counter = ZoneCounter(zone, last_uj=900)
    for reading in (100, 600, 50, 60):  # wraps twice
        counter.advance(reading)
    assert counter.total_uj == 200 + 500 + 450 + 10
    assert counter.energy().joules == pytest.approx(1160 / 1e6)


def test_background_polling_sees_wraps_that_edge_reads_would_miss(tmp_path):
    zone_dir = write_zone(tmp_path, "intel-rapl:0", "package-0", 0, max_uj=1_000)
    energy_file = zone_dir / "energy_uj"
    readings = [0, 0, 600, 100, 700, 200]  # probe, start, then polls: two wraps
    exhausted = threading.Event()

    def scripted_read(path: Path) -> str:
        if path != energy_file:
            return path.read_text().strip()
        value = readings.pop(0) if len(readings) > 1 else readings[0]
        if len(readings) == 1:
            exhausted.set()
        return str(value)

    sampler = RaplSampler(tmp_path, read=scripted_read, poll_interval_s=0.001)
    sampler.probe(TARGET)
    sampler.start()
    assert exhausted.wait(5)
    measurement = sampler.stop()
    # 0 -> 600 -> (wrap) 100 -> 700 -> (wrap) 200: 600 + 500 + 600 + 500 = 2200 uJ
    assert measurement.total_j == pytest.approx(2200 / 1e6)


def test_missing_powercap_means_no_rapl(tmp_path):
    availability = RaplSampler(tmp_path / "absent").probe(TARGET)
    assert availability.ok is False
    assert availability.reason == (
        f"{tmp_path / 'absent'} not present: no RAPL on this machine (VM or non-x86 CPU?)"
    )


def test_default_root_message_names_sys_class_powercap():
    sampler = RaplSampler()
    if Path("/sys/class/powercap").is_dir():
        pytest.skip("this machine has powercap")
    reason = sampler.probe(TARGET).reason
    assert reason == "/sys/class/powercap not present: no RAPL on this machine (VM or non-x86 CPU?)"


def test_powercap_without_rapl_zones(tmp_path):
    write_zone(tmp_path, "dtpm:0", "soc", 1)
    availability = RaplSampler(tmp_path).probe(TARGET)
    assert availability.ok is False
    assert "no RAPL package or DRAM zone" in availability.reason


def test_permission_denied_explains_the_fix(powercap):
    def read_denying_energy(path: Path) -> str:
        if path.name == "energy_uj":
            raise PermissionError(13, "Permission denied", str(path))
        return path.read_text().strip()

    availability = RaplSampler(powercap, read=read_denying_energy).probe(TARGET)
    assert availability.ok is False
    assert "permission denied" in availability.reason
    assert "Since Linux 5.10" in availability.reason
    assert f"sudo chmod o+r {powercap}/intel-rapl:*/energy_uj" in availability.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_on_a_real_file(powercap):
    (powercap / "intel-rapl:0" / "energy_uj").chmod(0)
    availability = RaplSampler(powercap).probe(TARGET)
    assert availability.ok is False
    assert "Since Linux 5.10" in availability.reason


def test_read_failure_mid_window_nulls_zone_and_total(powercap):
    sampler = RaplSampler(powercap, poll_interval_s=None)
    sampler.probe(TARGET)
    sampler.start()
    (powercap / "intel-rapl:1" / "energy_uj").unlink()
    measurement = sampler.stop()
    failed = [domain for domain in measurement.domains if domain.joules is None]
    assert [domain.device for domain in failed] == ["package-1"]
    assert "failed mid-window" in failed[0].reason
    assert measurement.total_j is None
    assert "package-1 package" in measurement.reason


def test_start_requires_a_successful_probe(powercap):
    with pytest.raises(RuntimeError, match="probe"):
        RaplSampler(powercap).start()
