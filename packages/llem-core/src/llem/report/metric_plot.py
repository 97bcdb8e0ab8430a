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


def _draw(axes: Any, groups: dict[str, list[Row]], metric: Metric, x_of: Any, lines: bool) -> None:
    for label, group in groups.items():
        points = sorted(((x_of(row), row) for row in group), key=lambda p: p[0])
        bars = [error_bars(row, metric.stem) for _, row in points]
        axes.errorbar([x for x, _ in points], [row[f"{metric.stem}_mean"] for _, row in points],
                      yerr=list(zip(*bars, strict=True)), marker="o", capsize=4, label=label,
                      linestyle="-" if lines else "none")  # fmt: skip


def plot_metric(rows: Sequence[Row], metric: Metric, param: str, others: Sequence[str],
                path: Path) -> Path | None:  # fmt: skip
    """Write the plot to ``path``; ``None`` (nothing written) when no row has both figures."""
    usable = plotted_rows(rows, metric, param)
    if not usable:
        return None
    values = [row[param] for row in usable]
    kind, order = axis_kind(values), categories(values)
    groups = group_series(usable, param, [o for o in others if o != "engine"])
    lines = len(groups) == 1 or all(
        len({str(r[param]) for r in g}) == len(g) for g in groups.values()
    )
    figure = new_figure()
    axes = figure.add_subplot()
    x_of = (
        (lambda r: float(order.index(str(r[param]))))
        if kind == "category"
        else (lambda r: float(r[param]))
    )
    _draw(axes, groups, metric, x_of, lines and kind != "category")
    _x_axis(axes, values, kind)
    axes.set(
        xlabel=param, ylabel=f"{metric.label} [{metric.unit}]", title=f"{metric.label} by {param}"
    )
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    return save_png(figure, path)
