"""``report.html``: one self-contained page (inline CSS, PNGs as base64 data URIs, no scripts)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

import attrs

from llem.report.facts import StudyFacts
from llem.results.headline import METRICS_BY_STEM

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}figure{margin:1.5em 0}img{max-width:100%}
.note{color:#a33}code{background:#f6f6f6;padding:0 .2em}
"""


@attrs.frozen
class Figure:
    title: str
    png: Path


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _list(items: Sequence[str], empty: str) -> str:
    if not items:
        return f"<p>{escape(empty)}</p>" if empty else ""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _figure(figure: Figure) -> str:
    data = base64.b64encode(figure.png.read_bytes()).decode("ascii")
    return (
        f'<figure><img alt="{escape(figure.title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{escape(figure.title)}</figcaption></figure>"
    )


def _key_values(rows: Sequence[tuple[str, str]]) -> str:
    """A table of named facts: the name heads each row (no header row above them)."""
    cells = (f"<th>{escape(key)}</th><td>{escape(value)}</td>" for key, value in rows)
    return "<table>" + "".join(f"<tr>{row}</tr>" for row in cells) + "</table>"


def _overview(facts: StudyFacts) -> str:
    rows = [
        ("study", facts.name), ("design hash", facts.design_hash), ("status", facts.status),
        ("updated", facts.updated_at),
        ("runs", f"{facts.runs_ok} ok, {facts.runs_failed} failed, {facts.runs_pending} not run"),
    ]  # fmt: skip
    return _key_values([*rows, *facts.setup])


def _problems(facts: StudyFacts) -> str:
    failed = [f"{run_id}: {error}" for run_id, error in facts.failed]
    skipped = [f"{label}: {'; '.join(reasons)}" for label, reasons in facts.skipped]
    duplicates = [f"{label}: same as {same}" for label, same in facts.duplicates]
    nulls = [
        f"{METRICS_BY_STEM[stem].label} null in {count} run(s): {reason}"
        for stem, reasons in facts.null_reasons.items()
        for reason, count in reasons.items()
    ]
    return (
        "<h2>Failed runs</h2>" + _list(failed, "none")
        + "<h2>Skipped configurations</h2>" + _list(skipped, "none")
        + "<h2>Duplicate configurations</h2>" + _list(duplicates, "none")
        + "<h2>Null metrics</h2>" + _list(nulls, "every headline metric was measured in every run")
    )  # fmt: skip


def render_html(facts: StudyFacts, table: tuple[Sequence[str], Sequence[Sequence[str]]],
                figures: Sequence[Figure], notes: Sequence[str]) -> str:  # fmt: skip
    """The whole page as one string."""
    boundaries = [f"{text} ({count} run(s))" for text, count in facts.energy_boundaries.items()]
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>llem report: {escape(facts.name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Study {escape(facts.name)}</h1>{_overview(facts)}"
        f"<h2>Energy measurement</h2>{_list(boundaries, 'no run completed')}"
        f"<h2>Summary</h2><p>mean ± half the 95 % t-interval over cycles (n: cycles measured); "
        f"mean +above/-below where the interval is cut at 0, as none of these figures can be "
        f"negative; every column is in <code>summary.csv</code>.</p>{_table(*table)}"
        f"<h2>Plots</h2>{''.join(map(_figure, figures))}"
        f"{_list([f'no plot: {note}' for note in notes], '')}"
        f"{_problems(facts)}</body></html>\n"
    )
