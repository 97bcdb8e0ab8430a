"""One headline metric's mean against one swept parameter, a series per engine (and per value of
the other swept parameters while that stays readable), with 95 % t-interval error bars."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llem.report.axes import axis_kind, categories
from llem.report.figure import error_bars, new_figure, save_png
from llem.results.headline import Metric

Row = dict[str, Any]
MAX_SERIES = 8
"""Beyond this many series, one per engine only, as unconnected points."""


def series_label(row: Row, param: str, others: Sequence[str]) -> str:
    """The engine (unless it is the x axis), then the other swept parameters' values."""
    fixed = [f"{name}={row[name]}" for name in others if row.get(name) is not None]
    engine = [] if param == "engine" else [str(row.get("engine"))]
    return ", ".join(engine + fixed) or "all"


def plotted_rows(rows: Sequence[Row], metric: Metric, param: str) -> list[Row]:
    """Rows that have both a value of ``param`` and a mean of ``metric``."""
    return [
        r for r in rows if r.get(param) is not None and r.get(f"{metric.stem}_mean") is not None
    ]


def group_series(rows: Sequence[Row], param: str, others: Sequence[str]) -> dict[str, list[Row]]:
    """Series by engine and other parameters; by engine alone when that would be too many."""
    for keep in (others, ()):
        groups: dict[str, list[Row]] = {}
        for row in rows:
            groups.setdefault(series_label(row, param, keep), []).append(row)
        if len(groups) <= MAX_SERIES:
            break
    return groups


def _x_axis(axes: Any, values: Sequence[Any], kind: str) -> None:
    if kind == "category":
        labels = categories(values)
        axes.set_xticks(range(len(labels)), labels, rotation=20 if len(labels) > 4 else 0)
        axes.set_xlim(-0.5, len(labels) - 0.5)
    elif kind == "log2":
        axes.set_xscale("log", base=2)
        ticks = sorted({float(v) for v in values})
        axes.set_xticks(ticks, [f"{t:g}" for t in ticks])


def _dodge(index: int, count: int) -> float:
    """A small sideways shift per series on a categorical axis, so that series do not overlap."""
    return (index - (count - 1) / 2) * min(0.1, 0.6 / count)


def _xs(group: Sequence[Row], param: str, order: list[str] | None, shift: float) -> list[float]:
    if order is None:
        return [float(row[param]) for row in group]
    return [order.index(str(row[param])) + shift for row in group]


def _joinable(groups: dict[str, list[Row]], param: str) -> bool:
    """Lines make sense when every series has one point per x value."""
    return all(len({str(row[param]) for row in g}) == len(g) for g in groups.values())


def _draw(axes: Any, groups: dict[str, list[Row]], metric: Metric, param: str,
          order: list[str] | None) -> None:  # fmt: skip
    style = "-" if order is None and _joinable(groups, param) else "none"
    for index, (label, group) in enumerate(groups.items()):
        xs = _xs(group, param, order, _dodge(index, len(groups)))
        points = sorted(zip(xs, group, strict=True), key=lambda p: p[0])
        bars = [error_bars(row, metric.stem) for _, row in points]
        axes.errorbar([x for x, _ in points], [row[f"{metric.stem}_mean"] for _, row in points],
                      yerr=list(zip(*bars, strict=True)), marker="o", capsize=4, label=label,
                      linestyle=style)  # fmt: skip


def plot_metric(rows: Sequence[Row], metric: Metric, param: str, others: Sequence[str],
                path: Path) -> Path | None:  # fmt: skip
    """Write the plot to ``path``; ``None`` (nothing written) when no row has both figures."""
    usable = plotted_rows(rows, metric, param)
    if not usable:
        return None
    values = [row[param] for row in usable]
    kind = axis_kind(values)
    groups = group_series(usable, param, [o for o in others if o != "engine"])
    figure = new_figure()
    axes = figure.add_subplot()
    _draw(axes, groups, metric, param, categories(values) if kind == "category" else None)
    _x_axis(axes, values, kind)
    axes.set(xlabel=param, ylabel=f"{metric.label} [{metric.unit}]",
             title=f"{metric.label} by {param}")  # fmt: skip
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    return save_png(figure, path)
