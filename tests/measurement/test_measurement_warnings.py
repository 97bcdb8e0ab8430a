"""measurement_warnings: each warning fires on its trigger, and not at or below its boundary."""

from __future__ import annotations

import os

import attrs
import pytest

from llem.energy.base import Timeline, TimelineSample
from llem.harness.warnings import WarningInputs, measurement_warnings
from llem.results.models import Baseline, HostLoad, ThermalOutcome, WarmupOutcome
from tests.measurement.scripted import CPU, GPU0, GPU1, energy_window

OWN_PID = 4242
UUID0 = GPU0[0].split()[1]
UUID1 = GPU1[0].split()[1]


def gpu(uuid: str = UUID0, **overrides) -> dict:
    """An environment snapshot's GPU entry, in a state that warrants no warning."""
    entry = {
        "uuid": uuid,
        "name": "NVIDIA H100 80GB HBM3",
        "persistence_mode": True,
        "mig_mode": False,
        "processes": [{"pid": OWN_PID, "used_memory_mb": 1000.0}],
    }
    return {**entry, **overrides}


def energy(total_j: float = 1000.0, timeline_j: float | None = 1000.0, domains=(GPU0,)):
    share = total_j / len(domains)
    return attrs.evolve(energy_window(dict.fromkeys(domains, share), 60.0), timeline_j=timeline_j)


def samples(count: int, domain=GPU0, **fields) -> list[TimelineSample]:
    return [TimelineSample(i * 0.1, *domain, 300.0, **fields) for i in range(count)]


def timeline(*groups: list[TimelineSample], interval_s: float = 0.1) -> Timeline:
    return Timeline(interval_s, tuple(s for group in groups for s in group))


CLEAN = WarningInputs(
    window_s=60.0,
    energy=energy(),
    timeline=timeline(samples(600, temperature_c=60.0, throttle_reasons=0)),
    environment={"gpus": [gpu()]},
    warmup=WarmupOutcome("converge", 10, 5, 3.0, (0.6,) * 5, 0.0, True),
    thermal=ThermalOutcome(0.0, 60.0, {"gpu:0": 55.0}, {"gpu:0": 55.0}, True),
    baseline=Baseline("cached", "cache", 75.0),
    pid=OWN_PID,
    host_load=HostLoad(4, 12.0, 0.05, 60.0, 1.0, 1.1),  # 12 of 240 core-seconds
)


def warnings(**changes) -> tuple[str, ...]:
    return measurement_warnings(attrs.evolve(CLEAN, **changes))


def only(found: tuple[str, ...], text: str) -> str:
    """The single warning containing ``text``."""
    matching = [w for w in found if text in w]
    assert len(matching) == 1, found
    return matching[0]


def test_a_clean_experiment_has_no_warnings():
    assert measurement_warnings(CLEAN) == ()


def test_pid_defaults_to_this_process():
    fields = {k: v for k, v in attrs.asdict(CLEAN, recurse=False).items() if k != "pid"}
    assert WarningInputs(**fields).pid == os.getpid()


# window and energy


def test_short_window_warns():
    warning = only(warnings(window_s=4.99, timeline=None), "shorter than 5 s")
    assert "4.99 s" in warning


def test_window_of_exactly_five_seconds_does_not_warn():
    assert warnings(window_s=5.0, timeline=None) == ()


def test_no_energy_warns_with_the_reason():
    unmeasured = attrs.evolve(CLEAN.energy, total_j=None, reason="no counter on this GPU")
    assert warnings(energy=unmeasured) == ("energy not measured: no counter on this GPU",)


@pytest.mark.parametrize("timeline_j", [1100.0, 900.0, 1000.0, None])
def test_counter_and_timeline_within_ten_percent_do_not_warn(timeline_j):
    assert warnings(energy=energy(timeline_j=timeline_j)) == ()


@pytest.mark.parametrize("timeline_j", [1100.5, 899.5])
def test_counter_and_timeline_beyond_ten_percent_warn(timeline_j):
    warning = only(warnings(energy=energy(timeline_j=timeline_j)), "integrated power timeline")
    assert f"({timeline_j:.1f} J)" in warning
    assert "(1000.0 J)" in warning
    assert "by 10%" in warning


# timeline


def test_few_timeline_samples_warn():
    few = timeline(samples(299, temperature_c=60.0))  # fewer than half of 600 expected
    warning = only(warnings(timeline=few), "timeline samples")
    assert "only 299 timeline samples over 60.00 s" in warning
    assert "about 600" in warning


def test_half_the_expected_samples_is_enough():
    assert warnings(timeline=timeline(samples(300, temperature_c=60.0))) == ()


def test_under_ten_samples_warn_even_when_the_window_is_short():
    short = {"window_s": 0.5}
    assert "only 9 timeline samples" in only(
        warnings(timeline=timeline(samples(9)), **short), "timeline samples"
    )
    assert not [w for w in warnings(timeline=timeline(samples(10)), **short) if "samples" in w]


def test_sample_counts_are_per_device_and_domain():
    mixed = timeline(samples(600), samples(20, domain=CPU))
    warning = only(warnings(timeline=mixed), "timeline samples")
    assert warning.startswith("cpu:0 package: only 20")


def test_slowdown_throttle_reasons_warn_with_their_names():
    slowed = samples(5, throttle_reasons=0x4 | 0x40) + samples(595, throttle_reasons=0)
    warning = only(warnings(timeline=timeline(slowed)), "slowed down")
    assert "in 5 of 600 samples" in warning
    assert "hw_thermal_slowdown, sw_power_cap" in warning


@pytest.mark.parametrize("mask", [0, 0x1, 0x2 | 0x10 | 0x100, None])
def test_throttle_reasons_that_are_not_slowdowns_do_not_warn(mask):
    assert warnings(timeline=timeline(samples(600, throttle_reasons=mask))) == ()


def drifting(low: float, high: float) -> Timeline:
    return timeline(samples(300, temperature_c=low) + samples(300, temperature_c=high))


def test_temperature_drift_of_exactly_ten_degrees_does_not_warn():
    assert warnings(timeline=drifting(60.0, 70.0)) == ()


def test_temperature_drift_just_above_ten_degrees_warns():
    only(warnings(timeline=drifting(60.0, 70.5)), "temperature drifted")


def test_temperature_drift_warning_names_the_device_and_range():
    warning = only(warnings(timeline=drifting(58.0, 71.0)), "temperature drifted")
    assert warning.startswith(f"{GPU0[0]} gpu: temperature drifted 13.0 °C")
    assert "(58 to 71 °C)" in warning


def test_no_timeline_means_no_timeline_warnings():
    assert warnings(timeline=None) == ()


# GPU state


def test_persistence_mode_off_warns():
    warning = only(warnings(environment={"gpus": [gpu(persistence_mode=False)]}), "persistence")
    assert warning.startswith(f"GPU {UUID0} (NVIDIA H100 80GB HBM3)")


@pytest.mark.parametrize("mode", [True, None])
def test_persistence_mode_on_or_unknown_does_not_warn(mode):
    assert warnings(environment={"gpus": [gpu(persistence_mode=mode)]}) == ()


def test_mig_enabled_warns():
    only(warnings(environment={"gpus": [gpu(mig_mode=True)]}), "MIG is enabled")


def test_other_processes_on_the_measured_gpu_warn_with_their_pids():
    processes = [{"pid": OWN_PID}, {"pid": 17}, {"pid": 23}]
    warning = only(warnings(environment={"gpus": [gpu(processes=processes)]}), "other processes")
    assert "(pids 17, 23)" in warning


@pytest.mark.parametrize("processes", [[{"pid": OWN_PID}], [], None])
def test_own_process_or_none_does_not_warn(processes):
    assert warnings(environment={"gpus": [gpu(processes=processes)]}) == ()


def test_gpus_that_were_not_measured_are_ignored():
    unmeasured = gpu(UUID1, persistence_mode=False, mig_mode=True, processes=[{"pid": 17}])
    assert warnings(environment={"gpus": [gpu(), unmeasured]}) == ()


def test_only_the_measured_gpu_is_flagged_when_it_is_not_the_first():
    environment = {"gpus": [gpu(UUID0, mig_mode=True), gpu(UUID1, mig_mode=True)]}
    found = warnings(energy=energy(domains=(GPU1,)), environment=environment)
    assert UUID1 in only(found, "MIG")
    assert not [w for w in found if UUID0 in w]


def test_cpu_only_measurement_checks_no_gpu():
    found = warnings(energy=energy(domains=(CPU,)), environment={"gpus": [gpu(mig_mode=True)]})
    assert found == ()


def test_environment_without_gpus_gives_no_gpu_warnings():
    assert warnings(environment={}) == ()
    assert warnings(environment={"gpus": None}) == ()


# warmup, thermal floor, baseline


def test_warmup_not_converged_warns_with_its_reason():
    reason = "warmup did not converge: latency CV 0.200 ..."
    unsettled = attrs.evolve(CLEAN.warmup, converged=False, reason=reason)
    assert warnings(warmup=unsettled) == (reason,)


def test_fixed_warmup_does_not_warn():
    assert warnings(warmup=WarmupOutcome("fixed", 4, 1, 1.0, (1.0,))) == ()


def test_thermal_floor_not_reached_warns():
    missed = attrs.evolve(CLEAN.thermal, reached=False, reason="devices still above 60.0 °C")
    assert warnings(thermal=missed) == ("thermal floor: devices still above 60.0 °C",)


def test_baseline_kept_with_a_problem_warns():
    kept = attrs.evolve(CLEAN.baseline, reason="spot check failed, cached baseline kept: x")
    assert warnings(baseline=kept) == ("idle baseline: spot check failed, cached baseline kept: x",)


def test_missing_baseline_does_not_warn_here():
    missing = Baseline("off", "none", None, reason="disabled")
    assert warnings(baseline=missing) == ()


def test_several_problems_give_one_warning_each():
    found = warnings(
        window_s=2.0,
        timeline=None,
        environment={"gpus": [gpu(persistence_mode=False, mig_mode=True)]},
        thermal=attrs.evolve(CLEAN.thermal, reason="too hot"),
    )
    assert len(found) == 4


# other processes on the machine


def busy(other_core_s: float, share: float | None) -> HostLoad:
    return HostLoad(4, other_core_s, share, 60.0, 1.0, 3.4)


def test_other_processes_using_a_quarter_of_the_cores_do_not_warn():
    assert warnings(host_load=busy(60.0, 0.25)) == ()


def test_other_processes_using_more_than_a_quarter_of_the_cores_warn():
    found = only(warnings(host_load=busy(120.0, 0.5)), "other processes used")
    assert "120.0 CPU core-seconds during the window, 50% of the machine's 4 cores" in found
    assert "(load average 1.00 at the start, 3.40 at the end)" in found
    assert "measure on a quieter machine" in found


def test_an_unreadable_host_load_does_not_warn():
    unread = HostLoad(None, None, None, None, 1.0, 1.0, "/proc/stat not readable")
    assert warnings(host_load=unread) == ()
