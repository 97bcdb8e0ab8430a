"""``summary.parquet`` and ``summary.csv``: one row per configuration of a study, its swept
parameters, its successful and failed cycles, and each headline metric's spread over cycles.

Columns, in order: ``config_id``, ``label``, one per varying parameter (named by its dotted
path, ``engine`` excepted), ``engine``, ``cycles_ok``, ``cycles_failed``, then for each metric
stem of :data:`llem.results.headline.HEADLINE_METRICS` ``<stem>_mean``, ``_std``, ``_cv``,
``_ci95_low``, ``_ci95_high`` and ``_n`` (the cycles that measured it). A figure that cannot be
computed is null, never 0. A parameter column whose values mix types, or hold lists or mappings,
is written as strings (JSON for nested values).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llem.results.atomic import write_bytes_atomic
from llem.results.headline import HEADLINE_METRICS, Metric, metric_value
from llem.study.folder_read import RunOutcome, load_manifest, run_outcomes
from llem.study.intervals import spread

if TYPE_CHECKING:
    import polars as pl

SUMMARY_PARQUET = "summary.parquet"
SUMMARY_CSV = "summary.csv"
STATISTICS = ("mean", "std", "cv", "ci95_low", "ci95_high", "n")


def param_columns(manifest: dict[str, Any]) -> list[str]:
    """The varying parameters that get a column of their own (``engine`` has a fixed one)."""
    return [name for name in manifest.get("varying", []) if name != "engine"]


def metric_columns(metric: Metric) -> list[str]:
    return [f"{metric.stem}_{statistic}" for statistic in STATISTICS]


def _metric_cells(metric: Metric, outcomes: Sequence[RunOutcome]) -> dict[str, Any]:
    values = [metric_value(o.result, metric) for o in outcomes if o.result is not None]
    figures = spread([value for value in values if value is not None])
    cells = (figures.mean, figures.std, figures.cv, figures.ci95_low, figures.ci95_high, figures.n)
    return dict(zip(metric_columns(metric), cells, strict=True))


def config_row(
    config: dict[str, Any], params: Sequence[str], outcomes: Sequence[RunOutcome]
) -> dict[str, Any]:
    """One configuration's summary row from the outcomes of its runs."""
    row: dict[str, Any] = {"config_id": config["id"], "label": config.get("label", "")}
    row |= {name: config.get("params", {}).get(name) for name in params}
    row["engine"] = config.get("engine")
    row["cycles_ok"] = sum(o.state == "ok" for o in outcomes)
    row["cycles_failed"] = sum(o.state == "failed" for o in outcomes)
    for metric in HEADLINE_METRICS:
        row |= _metric_cells(metric, [o for o in outcomes if o.state == "ok"])
    return row


def summary_rows(study_dir: Path) -> tuple[list[str], list[dict[str, Any]]]:
    """The parameter column names and one row per configuration, in the manifest's order."""
    manifest = load_manifest(study_dir)
    outcomes = run_outcomes(study_dir, manifest)
    params = param_columns(manifest)
    rows = [
        config_row(config, params, [o for o in outcomes if o.config_id == config["id"]])
        for config in manifest["configs"]
    ]
    return params, rows


def _param_dtype(values: Sequence[Any]) -> tuple[Any, list[Any]]:
    """A polars dtype for one parameter column and its values, strings when types mix."""
    import polars as pl

    present = {type(value) for value in values if value is not None}
    if present == {bool}:
        return pl.Boolean, list(values)
    if present <= {int}:
        return (pl.Int64 if present else pl.String), list(values)
    if present <= {int, float}:
        return pl.Float64, list(values)
    return pl.String, [_as_text(value) for value in values]


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True)


def _column(name: str, values: list[Any]) -> pl.Series:
    import polars as pl

    if name.endswith("_n") or name in ("cycles_ok", "cycles_failed"):
        return pl.Series(name, values, dtype=pl.Int64)
    if name in ("config_id", "label", "engine"):
        return pl.Series(name, [_as_text(value) for value in values], dtype=pl.String)
    return pl.Series(name, values, dtype=pl.Float64)


def summary_frame(study_dir: Path) -> pl.DataFrame:
    """The summary as a polars DataFrame (see the module docstring for its columns)."""
    import polars as pl

    params, rows = summary_rows(study_dir)
    names = ["config_id", "label", *params, "engine", "cycles_ok", "cycles_failed"]
    names += [column for metric in HEADLINE_METRICS for column in metric_columns(metric)]
    series = []
    for name in names:
        values = [row[name] for row in rows]
        if name in params:
            dtype, values = _param_dtype(values)
            series.append(pl.Series(name, values, dtype=dtype))
        else:
            series.append(_column(name, values))
    return pl.DataFrame(series)


def write_summary(study_dir: Path) -> tuple[Path, Path]:
    """Write ``summary.parquet`` and ``summary.csv`` into ``study_dir`` (atomically each)."""
    frame = summary_frame(study_dir)
    parquet_path, csv_path = study_dir / SUMMARY_PARQUET, study_dir / SUMMARY_CSV
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    write_bytes_atomic(parquet_path, buffer.getvalue())
    write_bytes_atomic(csv_path, frame.write_csv().encode("utf-8"))
    return parquet_path, csv_path
