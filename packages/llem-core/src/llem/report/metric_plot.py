"""One headline metric's mean against one swept parameter, a series per engine (and per value of
the other swept parameters while that stays readable), with 95 % t-interval error bars."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llem.report.axes import axis_kind, categories, numeric_ticks
from llem.report.figure import error_bars, floor_at_zero, new_figure, save_png
from llem.results.headline import Metric

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Row = dict[str, Any]
MAX_SERIES = 8
"""Beyond this many series, one per engine only, as unconnected points."""
MAX_NUMERIC_TICKS = 12
"""Beyond this many swept numbers, matplotlib's own ticks (labels at every value would collide)."""


def short_name(name: str, only_engine: str | None) -> str:
    """``transformers.batch_size`` as ``batch_size`` when ``transformers`` is the only engine."""
    return name.removeprefix(f"{only_engine}.") if only_engine else name


def series_label(row: Row, param: str, others: Sequence[str],
                 only_engine: str | None = None) -> str:  # fmt: skip
    """The engine (unless it is the x axis or the study's only one), then the other swept
    parameters' values; the engine alone when nothing else tells the series apart."""
    fixed = [f"{short_name(n, only_engine)}={row[n]}" for n in others if row.get(n) is not None]
    engine = [] if param == "engine" or only_engine else [str(row.get("engine"))]
    if engine or fixed:
        return ", ".join(engine + fixed)
    return "all" if param == "engine" else str(row.get("engine"))


def single_engine(rows: Sequence[Row]) -> str | None:
    """The study's engine when it has exactly one."""
    engines = {str(row.get("engine")) for row in rows}
    return engines.pop() if len(engines) == 1 else None


def plotted_rows(rows: Sequence[Row], metric: Metric, param: str) -> list[Row]:
    """Rows that have both a value of ``param`` and a mean of ``metric``."""
    return [
        r for r in rows if r.get(param) is not None and r.get(f"{metric.stem}_mean") is not None
    ]


def group_series(rows: Sequence[Row], param: str, others: Sequence[str],
                 only_engine: str | None = None) -> dict[str, list[Row]]:  # fmt: skip
    """Series by engine and other parameters; by engine alone when that would be too many.
    ``only_engine``: the study's only engine, left out of the labels."""
    for keep in (others, ()):
        groups: dict[str, list[Row]] = {}
        for row in rows:
            groups.setdefault(series_label(row, param, keep, only_engine), []).append(row)
        if len(groups) <= MAX_SERIES:
            break
    return groups


def _x_axis(axes: Any, values: Sequence[Any], kind: str) -> None:
    if kind == "category":
        labels = categories(values)
        axes.set_xticks(range(len(labels)), labels, rotation=20 if len(labels) > 4 else 0)
        axes.set_xlim(-0.5, len(labels) - 0.5)
    else:
        _numeric_x_axis(axes, numeric_ticks(values), kind)


def _numeric_x_axis(axes: Any, ticks: list[float], kind: str) -> None:
    if kind == "log2":
        axes.set_xscale("log", base=2)
    if kind == "log2" or len(ticks) <= MAX_NUMERIC_TICKS:
        axes.set_xticks(ticks, [f"{t:g}" for t in ticks])
        axes.minorticks_off()


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
        bars = [error_bars(row, metric) for _, row in points]
        axes.errorbar([x for x, _ in points], [row[f"{metric.stem}_mean"] for _, row in points],
                      yerr=list(zip(*bars, strict=True)), marker="o", capsize=4, label=label,
                      linestyle=style)  # fmt: skip


def metric_figure(rows: Sequence[Row], metric: Metric, param: str,
                  others: Sequence[str]) -> Figure | None:  # fmt: skip
    """The plot over the study's ``rows``; ``None`` when no row has both figures."""
    usable = plotted_rows(rows, metric, param)
    if not usable:
        return None
    values = [row[param] for row in usable]
    kind = axis_kind(values)
    groups = group_series(usable, param, [o for o in others if o != "engine"], single_engine(rows))
    figure = new_figure()
    axes = figure.add_subplot()
    _draw(axes, groups, metric, param, categories(values) if kind == "category" else None)
    _x_axis(axes, values, kind)
    _decorate(axes, metric, param)
    return figure


def _decorate(axes: Any, metric: Metric, param: str) -> None:
    axes.set(xlabel=param, ylabel=f"{metric.label} [{metric.unit}]",
             title=f"{metric.label} by {param}")  # fmt: skip
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize="small")
    if metric.non_negative:
        floor_at_zero(axes, "y")


def plot_metric(rows: Sequence[Row], metric: Metric, param: str, others: Sequence[str],
                path: Path) -> Path | None:  # fmt: skip
    """Write the plot to ``path``; ``None`` (nothing written) when no row has both figures."""
    figure = metric_figure(rows, metric, param, others)
    return None if figure is None else save_png(figure, path)
