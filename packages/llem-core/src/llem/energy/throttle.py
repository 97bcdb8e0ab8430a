"""NVML's clock-event ("throttle") reasons: the bitmask in ``TimelineSample.throttle_reasons``.

Values from ``nvml.h`` (``nvmlClocksEventReason*``, formerly ``nvmlClocksThrottleReason*``).
"""

from __future__ import annotations

REASONS: dict[int, str] = {
    0x1: "gpu_idle",
    0x2: "applications_clocks_setting",
    0x4: "sw_power_cap",
    0x8: "hw_slowdown",
    0x10: "sync_boost",
    0x20: "sw_thermal_slowdown",
    0x40: "hw_thermal_slowdown",
    0x80: "hw_power_brake_slowdown",
    0x100: "display_clock_setting",
}

SLOWDOWN_MASK = 0x4 | 0x8 | 0x20 | 0x40 | 0x80
"""Reasons that mean the GPU ran slower than it would have: power caps, thermal and hardware
slowdowns. Idle, application clocks, sync boost and display clocks are not slowdowns."""


def reason_names(mask: int) -> list[str]:
    """The names of the reasons set in ``mask`` (unknown bits as hex)."""
    names = [name for bit, name in REASONS.items() if mask & bit]
    unknown = mask & ~sum(REASONS)
    return names + ([hex(unknown)] if unknown else [])


def slowdowns(mask: int) -> list[str]:
    """The names of the slowdown reasons set in ``mask``."""
    return reason_names(mask & SLOWDOWN_MASK)
