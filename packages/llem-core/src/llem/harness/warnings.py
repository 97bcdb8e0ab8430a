"""Measurement warnings: never silent about a number that deserves less trust."""

from __future__ import annotations

from llem.harness.window import WindowOutcome

MIN_WINDOW_S = 5.0


def _short_window(window: WindowOutcome) -> list[str]:
    if window.duration_s >= MIN_WINDOW_S:
        return []
    return [
        f"measured window is {window.duration_s:.2f} s, shorter than {MIN_WINDOW_S:.0f} s: energy "
        "counters update every few ms to 100 ms and power is averaged, so short windows are "
        "imprecise; raise task.n_prompts"
    ]


def _no_energy(window: WindowOutcome) -> list[str]:
    if window.energy.total_j is not None:
        return []
    return [f"energy not measured: {window.energy.reason}"]


def measurement_warnings(window: WindowOutcome) -> tuple[str, ...]:
    return tuple(_short_window(window) + _no_energy(window))
