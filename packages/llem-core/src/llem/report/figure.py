"""A matplotlib figure on the Agg canvas (no pyplot, no display), and writing it as PNG."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

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


def error_bars(row: dict[str, Any], stem: str) -> tuple[float, float]:
    """Distances from the mean to the 95 % interval's ends; NaN (no bar) when it is null."""
    mean, low, high = (row.get(f"{stem}_{s}") for s in ("mean", "ci95_low", "ci95_high"))
    if mean is None or low is None or high is None:
        return NAN, NAN
    return mean - low, high - mean
