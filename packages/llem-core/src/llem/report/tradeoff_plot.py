"""The energy-throughput trade-off: each configuration's mean output tokens/s against its mean
energy per output token, the Pareto front drawn over it. One energy figure for every point:
adjusted when every configuration has it, else raw (a front over a mix would compare a figure
with the idle draw taken out against one with it left in)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from llem.report.figure import error_bars, floor_at_zero, new_figure, save_png
from llem.report.pareto import pareto_front
from llem.results.headline import METRICS_BY_STEM

if TYPE_CHECKING:
    from matplotlib.figure import Figure

THROUGHPUT = "output_tokens_per_s"
ADJUSTED = "adjusted_energy_per_output_token_j"
RAW = "energy_per_output_token_j"


@attrs.frozen
class TradeoffPoint:
    config_id: str
    engine: str
    tokens_per_s: float
    joules_per_token: float
    adjusted: bool
    x_error: tuple[float, float]
    y_error: tuple[float, float]


def tradeoff_point(row: dict[str, Any], stem: str) -> TradeoffPoint | None:
    """The row's point on ``stem``, or ``None`` when it lacks a throughput or that figure."""
    if row.get(f"{THROUGHPUT}_mean") is None or row.get(f"{stem}_mean") is None:
        return None
    return TradeoffPoint(
        str(row["config_id"]), str(row.get("engine")), row[f"{THROUGHPUT}_mean"],
        row[f"{stem}_mean"], stem == ADJUSTED, error_bars(row, METRICS_BY_STEM[THROUGHPUT]),
        error_bars(row, METRICS_BY_STEM[stem]),
    )  # fmt: skip


def tradeoff_points(rows: Sequence[dict[str, Any]]) -> list[TradeoffPoint]:
    measured = [row for row in rows if row.get(f"{THROUGHPUT}_mean") is not None]
    every_adjusted = measured and all(row.get(f"{ADJUSTED}_mean") is not None for row in measured)
    stem = ADJUSTED if every_adjusted else RAW
    points = (tradeoff_point(row, stem) for row in measured)
    return [point for point in points if point is not None]


def _draw_points(axes: Any, points: Sequence[TradeoffPoint]) -> None:
    for engine in dict.fromkeys(p.engine for p in points):
        for adjusted in (True, False):
            group = [p for p in points if p.engine == engine and p.adjusted is adjusted]
            if group:
                axes.errorbar(
                    [p.tokens_per_s for p in group], [p.joules_per_token for p in group],
                    xerr=list(zip(*(p.x_error for p in group), strict=True)),
                    yerr=list(zip(*(p.y_error for p in group), strict=True)),
                    fmt="o" if adjusted else "^", capsize=3, alpha=0.85,
                    label=f"{engine} ({'adjusted' if adjusted else 'raw'})",
                )  # fmt: skip


def _draw_front(axes: Any, points: Sequence[TradeoffPoint]) -> None:
    front = [
        points[i] for i in pareto_front([(p.tokens_per_s, p.joules_per_token) for p in points])
    ]
    axes.plot([p.tokens_per_s for p in front], [p.joules_per_token for p in front], color="crimson",
              marker="o", markersize=12, markerfacecolor="none", linewidth=1.5, zorder=3,
              label="Pareto front (more tok/s, fewer J)")  # fmt: skip
    for point in points:
        axes.annotate(point.config_id, (point.tokens_per_s, point.joules_per_token),
                      textcoords="offset points", xytext=(5, 5), fontsize="small")  # fmt: skip


def _decorate(axes: Any, points: Sequence[TradeoffPoint]) -> None:
    kinds = {point.adjusted for point in points}
    which = "adjusted" if kinds == {True} else "raw" if kinds == {False} else "adjusted (▲ raw)"
    axes.set(xlabel="output tokens / s", ylabel=f"energy / output token, {which} [J]",
             title="Energy-throughput trade-off")  # fmt: skip
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    floor_at_zero(axes, "x")  # throughput and energy cannot be negative
    floor_at_zero(axes, "y")


def tradeoff_figure(points: Sequence[TradeoffPoint]) -> Figure | None:
    """The trade-off plot; ``None`` when no configuration has both figures."""
    if not points:
        return None
    figure = new_figure()
    axes = figure.add_subplot()
    _draw_points(axes, points)
    _draw_front(axes, points)
    _decorate(axes, points)
    return figure


def plot_tradeoff(points: Sequence[TradeoffPoint], path: Path) -> Path | None:
    """Write the trade-off plot; ``None`` (nothing written) when no configuration has both."""
    figure = tradeoff_figure(points)
    return None if figure is None else save_png(figure, path)
