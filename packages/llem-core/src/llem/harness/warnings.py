"""Measurement warnings: never silent about a number that deserves less trust.

Each check reads what the experiment recorded (window, energy, timeline, environment snapshot,
warmup, thermal floor, other processes' CPU load) and returns sentences for ``result.warnings``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from llem.energy.base import EnergyMeasurement, Timeline
from llem.harness.gpu_state import measured_gpus
from llem.harness.timeline_checks import timeline_warnings
from llem.results.models import Baseline, HostLoad, ThermalOutcome, WarmupOutcome

MIN_WINDOW_S = 5.0
COUNTER_TIMELINE_TOLERANCE = 0.10
MAX_OTHER_CPU_SHARE = 0.25


@attrs.frozen
class WarningInputs:
    window_s: float
    energy: EnergyMeasurement
    timeline: Timeline | None
    environment: dict[str, Any]
    warmup: WarmupOutcome
    thermal: ThermalOutcome
    baseline: Baseline
    pid: int = attrs.field(factory=os.getpid)
    host_load: HostLoad | None = None


Check = Callable[[WarningInputs], list[str]]


def _short_window(inputs: WarningInputs) -> list[str]:
    if inputs.window_s >= MIN_WINDOW_S:
        return []
    return [
        f"measured window is {inputs.window_s:.2f} s, shorter than {MIN_WINDOW_S:.0f} s: energy "
        "counters update every few ms to 100 ms and power is averaged, so short windows are "
        "imprecise; raise task.n_prompts"
    ]


def _no_energy(inputs: WarningInputs) -> list[str]:
    if inputs.energy.total_j is not None:
        return []
    return [f"energy not measured: {inputs.energy.reason}"]


def _counter_vs_timeline(inputs: WarningInputs) -> list[str]:
    counter, integral = inputs.energy.total_j, inputs.energy.timeline_j
    if counter is None or integral is None or counter <= 0:
        return []
    difference = abs(integral - counter) / counter
    if difference <= COUNTER_TIMELINE_TOLERANCE:
        return []
    return [
        f"the integrated power timeline ({integral:.1f} J) differs from the energy counter "
        f"({counter:.1f} J) by {difference:.0%}: power readings are averaged by the device, so "
        "short or bursty windows integrate poorly; the counter is the reported figure"
    ]


def _timeline(inputs: WarningInputs) -> list[str]:
    if inputs.timeline is None:
        return []
    return timeline_warnings(inputs.timeline, inputs.window_s)


def _gpu_state(inputs: WarningInputs) -> list[str]:
    warnings: list[str] = []
    for gpu in measured_gpus(inputs.environment, inputs.energy):
        warnings += _gpu_flags(gpu, inputs.pid)
    return warnings


def _gpu_flags(gpu: dict[str, Any], pid: int) -> list[str]:
    name = f"GPU {gpu.get('uuid')} ({gpu.get('name')})"
    flags = []
    if gpu.get("persistence_mode") is False:
        flags.append(
            f"{name}: persistence mode is off, so the driver may re-initialise between runs "
            "(slower starts, varying idle power); `nvidia-smi -pm 1` turns it on"
        )
    if gpu.get("mig_mode") is True:
        flags.append(f"{name}: MIG is enabled; board energy covers every MIG instance")
    others = [p["pid"] for p in gpu.get("processes") or [] if p.get("pid") != pid]
    if others:
        flags.append(
            f"{name}: other processes were on the GPU (pids {', '.join(map(str, others))}); "
            "board energy includes their work"
        )
    return flags


def _warmup(inputs: WarningInputs) -> list[str]:
    return (
        [inputs.warmup.reason] if inputs.warmup.converged is False and inputs.warmup.reason else []
    )


def _thermal(inputs: WarningInputs) -> list[str]:
    return [f"thermal floor: {inputs.thermal.reason}"] if inputs.thermal.reason else []


def _baseline(inputs: WarningInputs) -> list[str]:
    kept_with_problem = inputs.baseline.power_w is not None and inputs.baseline.reason
    return [f"idle baseline: {inputs.baseline.reason}"] if kept_with_problem else []


def _busy_host(inputs: WarningInputs) -> list[str]:
    load = inputs.host_load
    if load is None or load.other_cpu_share is None or load.other_cpu_share <= MAX_OTHER_CPU_SHARE:
        return []
    return [
        f"other processes used {load.other_cpu_core_seconds:.1f} CPU core-seconds during the "
        f"window, {load.other_cpu_share:.0%} of the machine's {load.cores} cores (load average "
        f"{_load(load.load_average_1m_start)} at the start, {_load(load.load_average_1m_end)} at "
        "the end): they compete for CPU time, memory bandwidth and power, so throughput, latency "
        "and energy may not be this configuration's own; measure on a quieter machine"
    ]


def _load(value: float | None) -> str:
    return "null" if value is None else f"{value:.2f}"


CHECKS: Sequence[Check] = (
    _short_window, _no_energy, _counter_vs_timeline, _timeline, _gpu_state, _warmup, _thermal,
    _baseline, _busy_host,
)  # fmt: skip


def measurement_warnings(inputs: WarningInputs) -> tuple[str, ...]:
    return tuple(warning for check in CHECKS for warning in check(inputs))
