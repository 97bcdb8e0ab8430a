"""``build_report``: the summary (written first if missing or stale), a PNG per metric and swept
parameter, the trade-off plot, and ``report.html`` holding them all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llem.report.facts import StudyFacts, study_facts
from llem.report.html import Figure, render_html
from llem.report.metric_plot import plot_metric
from llem.report.noise import with_noise
from llem.report.table import table_header, table_rows
from llem.report.tradeoff_plot import plot_tradeoff, tradeoff_points
from llem.results.atomic import write_bytes_atomic
from llem.results.headline import HEADLINE_METRICS, Metric
from llem.study.folder_read import load_manifest
from llem.study.manifest import MANIFEST_FILE as MANIFEST
from llem.study.summary import SUMMARY_PARQUET, write_summary

REPORT_DIR = "report"
REPORT_HTML = "report.html"


def _file_name(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", "_by_".join(parts)) + ".png"


def _why_null(metric: Metric, facts: StudyFacts) -> str:
    reasons = "; ".join(facts.null_reasons.get(metric.stem, {})) or "no run completed"
    return f"{metric.label}: null in every configuration ({reasons})"


def _metric_figures(rows: Sequence[dict[str, Any]], params: Sequence[str], facts: StudyFacts,
                    out: Path) -> tuple[list[Figure], list[str]]:  # fmt: skip
    figures: list[Figure] = []
    notes = [] if params else ["nothing varies in this study: no metric-by-parameter plots"]
    for metric in HEADLINE_METRICS:
        if all(row.get(f"{metric.stem}_mean") is None for row in rows):
            notes.append(_why_null(metric, facts))
            continue
        for param in params:
            others = [p for p in params if p != param]
            path = plot_metric(rows, metric, param, others, out / _file_name(metric.stem, param))
            if path is None:
                notes.append(f"{metric.label} by {param}: no configuration has both")
            else:
                figures.append(Figure(f"{metric.label} by {param} (95 % t-interval)", path))
    return figures, notes


def _tradeoff(rows: Sequence[dict[str, Any]], out: Path) -> tuple[list[Figure], list[str]]:
    path = plot_tradeoff(tradeoff_points(rows), out / "energy_throughput_tradeoff.png")
    if path is None:
        return [], ["energy-throughput trade-off: no configuration has energy and throughput"]
    return [Figure("Energy-throughput trade-off; the Pareto front in red", path)], []


def summary_is_current(study_dir: Path) -> bool:
    """``summary.parquet`` exists and is no older than ``manifest.json`` (a resumed study
    rewrites its manifest, so an older summary misses runs)."""
    summary, manifest = study_dir / SUMMARY_PARQUET, study_dir / MANIFEST
    return summary.is_file() and summary.stat().st_mtime >= manifest.stat().st_mtime


def load_summary(study_dir: Path) -> list[dict[str, Any]]:
    """The summary's rows, (re)writing ``summary.parquet`` and ``.csv`` first when they are
    missing or older than the manifest."""
    import polars as pl

    if not summary_is_current(study_dir):
        write_summary(study_dir)
    return pl.read_parquet(study_dir / SUMMARY_PARQUET).to_dicts()


def build_report(study_dir: Path, output_dir: Path | None = None) -> Path:
    """Write the PNGs and ``report.html`` into ``output_dir`` (default ``STUDY_DIR/report``);
    return the HTML file's path."""
    manifest = load_manifest(study_dir)
    rows = load_summary(study_dir)
    present = set(rows[0]) if rows else set()
    params = [p for p in manifest.get("varying", []) if p in present or p == "engine"]
    plotted = [p for p in params if len({str(row.get(p)) for row in rows}) > 1]
    out = output_dir or study_dir / REPORT_DIR
    facts = study_facts(study_dir)
    figures, notes = _metric_figures(rows, plotted, facts, out)
    tradeoff_figures, tradeoff_notes = _tradeoff(rows, out)
    columns = [p for p in params if p != "engine"]
    table = (table_header(columns), table_rows(rows, columns))
    page = render_html(facts, table, tradeoff_figures + figures, tradeoff_notes + notes)
    page = with_noise(page, rows)
    write_bytes_atomic(out / REPORT_HTML, page.encode("utf-8"))
    return out / REPORT_HTML
