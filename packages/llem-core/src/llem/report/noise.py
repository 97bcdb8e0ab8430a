"""The report's noise section (:mod:`llem.study.noise`): configurations whose figures vary too
much across cycles, or have too few cycles, for their intervals to be narrow. It goes under the
summary table, before the plots."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from llem.study.noise import HIGH_CV, MIN_CYCLES, noise_warnings

PLOTS_HEADING = "<h2>Plots</h2>"


def noise_section(rows: Sequence[dict[str, Any]]) -> str:
    lines = noise_warnings(rows)
    if not lines:
        quiet = f"every configuration has {MIN_CYCLES} or more cycles and no CV above {HIGH_CV:.0%}"
        return f"<h2>Noise</h2><p>{escape(quiet)}.</p>"
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<h2>Noise</h2><ul class="note">{items}</ul>'


def with_noise(page: str, rows: Sequence[dict[str, Any]]) -> str:
    """``page`` with the noise section inserted before its plots (at the end of its body when it
    has no plots heading)."""
    marker = PLOTS_HEADING if PLOTS_HEADING in page else "</body>"
    return page.replace(marker, noise_section(rows) + marker, 1)
