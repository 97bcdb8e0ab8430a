"""RaplSampler against a fake powercap tree: discovery, wraparound, permissions, polling, and the
power timeline (counter values scripted over a fake clock)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from llem.energy.base import MeasurementTarget, TimelineSource
from llem.energy.rapl import NO_TIMELINE, RaplSampler
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


class ScriptedCounters:
    """Counter values over time for the zones of a fake tree: step ``k`` is ``times[k]`` and each
    zone's ``energies[directory][k]``. The clock moves one step once the counters were read since
    its last reading (so each poll sees the next step), never past the window's last step: polls
    after that see no time pass and add nothing, which keeps the timeline deterministic."""

    def __init__(self, times: list[float], energies: dict[str, list[int]]) -> None:
        self.times, self.energies = times, energies
        self.index = self.limit = 0
        self._read_since_clock = False
        self._changed = threading.Condition()

    def clock(self) -> float:
        with self._changed:
            if self._read_since_clock and self.index < self.limit:
                self.index += 1
            self._read_since_clock = False
            return self.times[self.index]

    def read(self, path: Path) -> str:
        if path.name != "energy_uj":
            return path.read_text().strip()
        with self._changed:
            self._read_since_clock = True
            self._changed.notify_all()
            return str(self.energies[path.parent.name][self.index])

    def run_window(self, sampler: RaplSampler, first_step: int, last_step: int):
        """One window from ``first_step`` to ``last_step``; its measurement."""
        with self._changed:
            self.index, self.limit, self._read_since_clock = first_step, last_step, False
        sampler.start()
        with self._changed:
            reached = self._changed.wait_for(
                lambda: self.index == last_step and self._read_since_clock, timeout=5
            )
        assert reached, f"the poller never reached step {last_step} (at {self.index})"
        return sampler.stop()


TIMELINE_TARGET = MeasurementTarget("cpu", timeline_interval_s=0.001)


def scripted_sampler(root: Path, script: ScriptedCounters) -> RaplSampler:
    sampler = RaplSampler(root, read=script.read, clock=script.clock)
    assert sampler.probe(TIMELINE_TARGET).ok
    return sampler


@pytest.fixture
def package_and_dram(tmp_path: Path) -> Path:
    write_zone(tmp_path, "intel-rapl:0", "package-0", 0)
    write_zone(tmp_path, "intel-rapl:0:0", "dram", 0)
    return tmp_path


def test_timeline_power_per_zone_from_counter_deltas(package_and_dram):
    script = ScriptedCounters(
        [0.0, 1.0, 2.0, 4.0],
        {"intel-rapl:0": [0, 10_000_000, 30_000_000, 90_000_000], "intel-rapl:0:0": [0, 1, 2, 3]},
    )
    sampler = scripted_sampler(package_and_dram, script)
    measurement = script.run_window(sampler, 0, 3)
    timeline = sampler.timeline()
    assert timeline is not None and timeline.interval_s == 0.001
    package = [(s.t_s, s.power_w) for s in timeline.samples if s.domain == "package"]
    # 10 J over 1 s, 20 J over 1 s, 60 J over 2 s; the first interval's power also at t = 0
    assert package == [(0.0, 10.0), (1.0, 10.0), (2.0, 20.0), (4.0, 30.0)]
    assert {(s.device, s.domain) for s in timeline.samples} == {
        ("package-0", "package"),
        ("package-0", "dram"),
    }
    assert all(s.temperature_c is None and s.sm_clock_mhz is None for s in timeline.samples)
    assert [s.t_s for s in timeline.samples] == sorted(s.t_s for s in timeline.samples)
    assert measurement.window_s == 4.0
    assert measurement.total_j == pytest.approx(90.000003)
    assert measurement.timeline_reason is None


def test_timeline_undoes_a_wrap_between_polls(tmp_path):
    write_zone(tmp_path, "intel-rapl:0", "package-0", 0, max_uj=100_000_000)
    script = ScriptedCounters(
        [0.0, 1.0, 2.0], {"intel-rapl:0": [90_000_000, 10_000_000, 40_000_000]}
    )
    sampler = scripted_sampler(tmp_path, script)
    measurement = script.run_window(sampler, 0, 2)
    powers = [s.power_w for s in sampler.timeline().samples]
    assert powers == [pytest.approx(20.0), pytest.approx(20.0), pytest.approx(30.0)]
    assert measurement.total_j == pytest.approx(50.0)


def test_timeline_integral_matches_the_counter_at_steady_power(tmp_path):
    write_zone(tmp_path, "intel-rapl:0", "package-0", 0)
    energies = [step * 5_000_000 for step in range(6)]
    script = ScriptedCounters([float(step) for step in range(6)], {"intel-rapl:0": energies})
    measurement = script.run_window(scripted_sampler(tmp_path, script), 0, 5)
    assert measurement.total_j == pytest.approx(25.0)
    assert measurement.timeline_j == pytest.approx(measurement.total_j)
    assert measurement.domains[0].timeline_j == pytest.approx(25.0)


def test_timeline_integral_stays_within_half_an_interval_of_the_counter(tmp_path):
    write_zone(tmp_path, "intel-rapl:0", "package-0", 0)
    energies = [0, 10_000_000, 30_000_000, 60_000_000]  # 10, 20, 30 W over 1 s each
    script = ScriptedCounters([0.0, 1.0, 2.0, 3.0], {"intel-rapl:0": energies})
    measurement = script.run_window(scripted_sampler(tmp_path, script), 0, 3)
    assert measurement.total_j == pytest.approx(60.0)
    assert measurement.timeline_j == pytest.approx(50.0)  # 10 + 15 + 25
    assert abs(measurement.timeline_j - measurement.total_j) <= 0.5 * 1.0 * (30.0 - 10.0)


def test_several_windows_on_one_sampler(tmp_path):
    write_zone(tmp_path, "intel-rapl:0", "package-0", 0)
    energies = [0, 5_000_000, 10_000_000, 100_000_000, 102_000_000, 104_000_000]
    script = ScriptedCounters([0.0, 1.0, 2.0, 10.0, 11.0, 12.0], {"intel-rapl:0": energies})
    sampler = scripted_sampler(tmp_path, script)
    first = script.run_window(sampler, 0, 2)
    assert (first.total_j, first.window_s) == (pytest.approx(10.0), 2.0)
    assert [s.power_w for s in sampler.timeline().samples] == [5.0, 5.0, 5.0]
    second = script.run_window(sampler, 3, 5)  # the counter moved 90 J between the windows
    assert (second.total_j, second.window_s) == (pytest.approx(4.0), 2.0)
    samples = sampler.timeline().samples
    assert [(s.t_s, s.power_w) for s in samples] == [(0.0, 2.0), (1.0, 2.0), (2.0, 2.0)]


def test_no_timeline_unless_asked_for(powercap):
    sampler = RaplSampler(powercap, poll_interval_s=None)
    assert isinstance(sampler, TimelineSource)
    assert sampler.probe(TARGET).ok
    sampler.start()
    set_energy(powercap, "intel-rapl:0", 2_000_000)
    measurement = sampler.stop()
    assert sampler.timeline() is None
    assert (measurement.timeline_j, measurement.timeline_reason) == (None, NO_TIMELINE)
    assert measurement.domains[0].joules == pytest.approx(1.0)


def test_zone_failing_mid_window_stops_its_samples_only(package_and_dram):
    script = ScriptedCounters(
        [0.0, 1.0, 2.0],
        {"intel-rapl:0": [0, 1_000_000, 2_000_000], "intel-rapl:0:0": [0, 1_000_000, 2_000_000]},
    )
    broken = package_and_dram / "intel-rapl:0:0" / "energy_uj"

    def read_failing_dram_at_step_2(path: Path) -> str:
        if path == broken and script.index == 2:
            raise OSError(5, "Input/output error")
        return script.read(path)

    sampler = RaplSampler(package_and_dram, read=read_failing_dram_at_step_2, clock=script.clock)
    assert sampler.probe(TIMELINE_TARGET).ok
    measurement = script.run_window(sampler, 0, 2)
    dram = [s.t_s for s in sampler.timeline().samples if s.domain == "dram"]
    assert dram == [0.0, 1.0]
    assert measurement.domains[1].joules is None
    assert "failed mid-window" in measurement.domains[1].reason
    assert measurement.domains[0].joules == pytest.approx(2.0)
