"""A study plan in words: its size, a table of what varies, what was skipped or collapsed, and how
long it should take."""

from __future__ import annotations

from collections.abc import Sequence

from llem.study.plan_model import DuplicateConfig, SkippedConfig, StudyPlan
from llem.study.plan_values import show_value

ABSENT = "-"
"""A varying path that does not apply to a configuration (another engine's key)."""


def render_plan(
    plan: StudyPlan, estimate_s: float | None, timed_runs: int | None = None
) -> list[str]:
    """The lines ``llem study plan`` prints; ``timed_runs``: how many earlier runs the estimate
    is based on, when known."""
    return [
        *_headline(plan),
        "",
        *_table(plan),
        *_skipped(plan.skipped),
        *_duplicates(plan.duplicates),
        "",
        _estimate_line(estimate_s, timed_runs),
    ]


def _headline(plan: StudyPlan) -> list[str]:
    n, cycles = len(plan.configs), plan.execution.cycles
    return [
        f"study {plan.name}: {_count(n, 'configuration')} x {_count(cycles, 'cycle')}"
        f" = {_count(plan.n_runs, 'run')}",
        f"order {plan.execution.order}, design {plan.design_hash}",
    ]


def _table(plan: StudyPlan) -> list[str]:
    if not plan.varying:
        return [f"nothing varies: {plan.configs[0].id} ({plan.configs[0].source})"]
    header = ["id", *plan.varying]
    rows = [[c.id, *(_cell(c.params.get(path)) for path in plan.varying)] for c in plan.configs]
    return format_table([header, *rows])


def format_table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart, indented by two."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _cell(value: object) -> str:
    return ABSENT if value is None else show_value(value)


def _skipped(skipped: Sequence[SkippedConfig]) -> list[str]:
    if not skipped:
        return []
    lines = ["", f"skipped {_count(len(skipped), 'invalid configuration')}:"]
    # The same override can be skipped once per value of an axis it overwrites: list it once.
    seen: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for item in skipped:
        key = (item.label, item.source, item.reasons)
        seen[key] = seen.get(key, 0) + 1
    for (label, source, reasons), times in seen.items():
        lines.append(f"  {label} ({source})" + (f" x{times}" if times > 1 else ""))
        lines.extend(f"    - {reason}" for reason in reasons)
    return lines


def _duplicates(duplicates: Sequence[DuplicateConfig]) -> list[str]:
    if not duplicates:
        return []
    heading = f"collapsed {_count(len(duplicates), 'duplicate')} (same resolved config):"
    lines = [f"  {item.label} ({item.source}) runs as {item.same_as}" for item in duplicates]
    return ["", heading, *lines]


def _estimate_line(estimate_s: float | None, timed_runs: int | None) -> str:
    if estimate_s is None:
        return "duration unknown until a run has finished"
    basis = f" (from {_count(timed_runs, 'earlier run')})" if timed_runs else ""
    return f"estimated duration: {format_duration(estimate_s)}{basis}"


def format_duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``2.5 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
