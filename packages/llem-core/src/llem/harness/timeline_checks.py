"""Warnings drawn from the window's timeline: sample count, clock slowdowns, temperature drift."""

from __future__ import annotations

from collections import defaultdict

from llem.energy.base import Timeline, TimelineSample
from llem.energy.throttle import slowdowns

MIN_SAMPLES = 10
MIN_SAMPLE_FRACTION = 0.5
MAX_TEMPERATURE_DRIFT_C = 10.0


def timeline_warnings(timeline: Timeline, window_s: float) -> list[str]:
    warnings: list[str] = []
    for device, samples in _by_device(timeline).items():
        warnings += _few_samples(device, samples, timeline.interval_s, window_s)
        warnings += _throttling(device, samples)
        warnings += _temperature_drift(device, samples)
    return warnings


def _by_device(timeline: Timeline) -> dict[str, list[TimelineSample]]:
    groups: dict[str, list[TimelineSample]] = defaultdict(list)
    for sample in timeline.samples:
        groups[f"{sample.device} {sample.domain}"].append(sample)
    return dict(groups)


def _few_samples(
    device: str, samples: list[TimelineSample], interval_s: float, window_s: float
) -> list[str]:
    expected = window_s / interval_s
    count = len(samples)
    if count >= MIN_SAMPLES and count >= MIN_SAMPLE_FRACTION * expected:
        return []
    return [
        f"{device}: only {count} timeline samples over {window_s:.2f} s (asked for one every "
        f"{interval_s} s, about {expected:.0f}): the timeline and its integral are coarse"
    ]


def _throttling(device: str, samples: list[TimelineSample]) -> list[str]:
    slowed = [s for s in samples if s.throttle_reasons and slowdowns(s.throttle_reasons)]
    if not slowed:
        return []
    reasons = sorted({name for s in slowed for name in slowdowns(s.throttle_reasons or 0)})
    return [
        f"{device}: clocks were slowed down in {len(slowed)} of {len(samples)} samples "
        f"({', '.join(reasons)}): throughput and energy reflect a throttled device"
    ]


def _temperature_drift(device: str, samples: list[TimelineSample]) -> list[str]:
    temperatures = [s.temperature_c for s in samples if s.temperature_c is not None]
    if not temperatures or max(temperatures) - min(temperatures) <= MAX_TEMPERATURE_DRIFT_C:
        return []
    return [
        f"{device}: temperature drifted {max(temperatures) - min(temperatures):.1f} °C during "
        f"the window ({min(temperatures):.0f} to {max(temperatures):.0f} °C): warm up longer "
        "or set measurement.thermal_floor"
    ]
