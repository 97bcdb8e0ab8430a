"""``llem results compare A B``: headline metrics side by side with the ratio B/A. A side is an
experiment folder, a study configuration (``STUDY_DIR:c003``: the mean over its cycles), or a
whole study (two studies are compared configuration by configuration, matched by their swept
parameters). Each side shows its 95 % interval over cycles, and the ratio the range the two
intervals allow (see :mod:`llem.cli.compare_intervals`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import attrs

from llem.cli.columns import render_columns
from llem.cli.compare_intervals import RANGE_HEADER, RANGE_NOTE, ratio, ratio_range
from llem.cli.results_show import study_summary_rows
from llem.errors import UsageError
from llem.report.table import metric_cell
from llem.results.files import RESULT_FILE
from llem.results.headline import HEADLINE_METRICS, metric_value, null_reason
from llem.study.folder_read import is_study_dir, load_manifest, read_json, run_outcomes

CONFIG_SUFFIX = re.compile(r"^(?P<path>.+):(?P<config>c\d+)$")


@attrs.frozen
class Side:
    """One side of a comparison: its figures as a summary row (``<stem>_mean``, ``_n``,
    ``_ci95_low``, ``_ci95_high``) and, for nulls, a reason per stem."""

    name: str
    row: dict[str, Any]
    reasons: dict[str, str]


def experiment_side(folder: Path) -> Side:
    """One experiment: n=1, so no interval."""
    result = read_json(folder / RESULT_FILE)
    values = {m.stem: metric_value(result, m) for m in HEADLINE_METRICS}
    row: dict[str, Any] = {}
    for stem, value in values.items():
        row |= {f"{stem}_mean": value, f"{stem}_n": int(value is not None)}
    reasons = {m.stem: null_reason(result, m) for m in HEADLINE_METRICS if values[m.stem] is None}
    return Side(folder.name, row, reasons)


def _config_reasons(study_dir: Path, config_id: str, values: dict[str, Any]) -> dict[str, str]:
    outcomes = run_outcomes(study_dir, load_manifest(study_dir))
    results = [o.result for o in outcomes if o.config_id == config_id and o.result is not None]
    return {
        m.stem: null_reason(results[0], m) if results else "no cycle of it completed"
        for m in HEADLINE_METRICS
        if values[m.stem] is None
    }


def config_side(study_dir: Path, config_id: str) -> Side:
    rows = {row["config_id"]: row for row in study_summary_rows(study_dir)}
    if config_id not in rows:
        raise UsageError(f"{study_dir}: no configuration {config_id!r} (has {', '.join(rows)})")
    values = {m.stem: rows[config_id][f"{m.stem}_mean"] for m in HEADLINE_METRICS}
    name = f"{study_dir.name}:{config_id}"
    return Side(name, rows[config_id], _config_reasons(study_dir, config_id, values))


def render_sides(a: Side, b: Side) -> str:
    """The metrics table (mean ± half the 95 % interval, n), a note on the ratio's range, then
    one note per null saying why."""
    rows = [
        [f"{m.label} [{m.unit}]", metric_cell(a.row, m), metric_cell(b.row, m),
         ratio(a.row, b.row, m), ratio_range(a.row, b.row, m)]
        for m in HEADLINE_METRICS
    ]  # fmt: skip
    header = ["metric", "A", "B", "B/A", RANGE_HEADER]
    lines = [f"A: {a.name}", f"B: {b.name}", render_columns(header, rows), f"  {RANGE_NOTE}"]
    for tag, side in (("A", a), ("B", b)):
        labels = {m.stem: m.label for m in HEADLINE_METRICS}
        lines += [f"  — {tag} {labels[stem]}: {why}" for stem, why in side.reasons.items()]
    return "\n".join(lines)


def _configs(study_dir: Path) -> dict[str, tuple[str, str]]:
    """Each configuration's swept parameters (canonical JSON) -> (its id, a readable name)."""
    configs = {}
    for config in load_manifest(study_dir)["configs"]:
        key = json.dumps(config.get("params", {}), sort_keys=True, default=str)
        configs[key] = (config["id"], f"{config.get('label', '')} [{config.get('engine')}]")
    return configs


def render_studies(a: Path, b: Path) -> str:
    """Two studies configuration by configuration, matched by their swept parameters."""
    configs_a, configs_b = _configs(a), _configs(b)
    shared = [key for key in configs_a if key in configs_b]
    if not shared:
        raise UsageError(f"{a} and {b} share no configuration; compare STUDY_DIR:cNNN rows")
    blocks = [
        f"== {configs_a[key][1]}\n"
        + render_sides(config_side(a, configs_a[key][0]), config_side(b, configs_b[key][0]))
        for key in shared
    ]
    unmatched = [configs_a[k][1] for k in configs_a if k not in configs_b]
    unmatched += [configs_b[k][1] for k in configs_b if k not in configs_a]
    blocks += [f"in one study only: {', '.join(unmatched)}"] if unmatched else []
    return "\n\n".join(blocks)


def resolve_side(text: str) -> Side | Path:
    """An experiment or configuration :class:`Side`, or a study folder's path."""
    match = CONFIG_SUFFIX.match(text)
    if match and is_study_dir(Path(match["path"])):
        return config_side(Path(match["path"]), match["config"])
    path = Path(text)
    if is_study_dir(path):
        return path
    if (path / RESULT_FILE).is_file():
        return experiment_side(path)
    raise UsageError(
        f"{text}: not an experiment folder (no result.json), a study folder (no manifest.json)"
        " or STUDY_DIR:CONFIG_ID"
    )


def render_comparison(a_text: str, b_text: str) -> str:
    a, b = resolve_side(a_text), resolve_side(b_text)
    if isinstance(a, Path) and isinstance(b, Path):
        return render_studies(a, b)
    if isinstance(a, Path) or isinstance(b, Path):
        raise UsageError("compare a study with a study; for one configuration use STUDY_DIR:cNNN")
    return render_sides(a, b)
