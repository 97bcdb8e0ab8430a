"""The thermal floor: a wait after warmup so every window starts from a comparable device state.

First a fixed pause of ``wait_s``; then, when ``max_temperature_c`` is set and the sampler reads
temperatures, polling once a second until every device is at or below it, for ``max_wait_s`` at
most in all. A floor that is not reached is recorded (and warned about), never silently skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from llem.config.models import ThermalFloorConfig
from llem.energy.base import EnergySampler, TemperatureSource
from llem.results.models import ThermalOutcome

POLL_S = 1.0
Clock = Callable[[], float]
Sleep = Callable[[float], None]


def thermal_floor(
    config: ThermalFloorConfig,
    sampler: EnergySampler | None,
    sleep: Sleep = time.sleep,
    clock: Clock = time.monotonic,
) -> ThermalOutcome:
    """Wait as ``config`` says; return what was waited and the temperatures seen."""
    started = clock()
    source = sampler if isinstance(sampler, TemperatureSource) else None
    start_c = _read(source)
    if config.wait_s > 0:
        sleep(config.wait_s)
    target = config.max_temperature_c
    if target is None:
        return ThermalOutcome(clock() - started, None, start_c, _read(source), None)
    if source is None or not start_c:
        reason = "the energy sampler reads no device temperatures; only wait_s was waited"
        return ThermalOutcome(clock() - started, target, start_c, None, None, reason)
    end_c, reached = _cool_down(source, target, config.max_wait_s, started, sleep, clock)
    reason = None if reached else f"devices still above {target} °C after {config.max_wait_s} s"
    return ThermalOutcome(clock() - started, target, start_c, end_c, reached, reason)


def _cool_down(
    source: TemperatureSource,
    target: float,
    max_wait_s: float,
    started: float,
    sleep: Sleep,
    clock: Clock,
) -> tuple[dict[str, float], bool]:
    temperatures = source.temperatures()
    while not _all_at_or_below(temperatures, target) and clock() - started < max_wait_s:
        sleep(POLL_S)
        temperatures = source.temperatures()
    return temperatures, _all_at_or_below(temperatures, target)


def _all_at_or_below(temperatures: dict[str, float], target: float) -> bool:
    return bool(temperatures) and all(value <= target for value in temperatures.values())


def _read(source: TemperatureSource | None) -> dict[str, float] | None:
    return None if source is None else source.temperatures()
