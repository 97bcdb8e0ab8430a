"""A matplotlib figure on the Agg canvas (no pyplot, no display), and writing it as PNG."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from llem.report.interval import interval
from llem.results.headline import Metric

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NAN = float("nan")


def new_figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 4.8), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_png(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    return path


def error_bars(row: dict[str, Any], metric: Metric) -> tuple[float, float]:
    """Distances from the mean to the 95 % interval's ends (clipped at 0 where the metric cannot
    be negative); NaN (no bar) when it is null."""
    mean, bounds = row.get(f"{metric.stem}_mean"), interval(row, metric)
    if mean is None or bounds is None:
        return NAN, NAN
    return mean - bounds[0], bounds[1] - mean


def floor_at_zero(axes: Any, which: Literal["x", "y"]) -> None:
    """Autoscaling pads below the lowest bar; for a metric that cannot be negative the axis stops
    at 0 instead. Call it after everything is drawn."""
    lower, _ = getattr(axes, f"get_{which}bound")()
    if lower < 0:
        getattr(axes, f"set_{which}bound")(lower=0)
