"""``llem results show STUDY_DIR:c003``: one configuration of a study, the mean over its cycles
and each cycle's run, as ``results compare`` names a side."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from llem.errors import UsageError
from llem.report.table import metric_cell
from llem.results.headline import HEADLINE_METRICS
from llem.study.folder_read import is_study_dir, load_manifest, run_outcomes

CONFIG_REFERENCE = re.compile(r"^(?P<path>.+):(?P<config>c\d+)$")


def config_reference(text: str) -> tuple[Path, str] | None:
    """``(study folder, config id)`` when ``text`` is ``STUDY_DIR:cNNN`` of an existing study."""
    match = CONFIG_REFERENCE.match(text)
    if match and is_study_dir(Path(match["path"])):
        return Path(match["path"]), match["config"]
    return None


def _summary_row(study_dir: Path, config_id: str) -> dict[str, Any]:
    from llem.cli.results_show import study_summary_rows

    rows = {row["config_id"]: row for row in study_summary_rows(study_dir)}
    if config_id not in rows:
        raise UsageError(f"{study_dir}: no configuration {config_id!r} (has {', '.join(rows)})")
    return rows[config_id]


def _run_lines(study_dir: Path, manifest: dict[str, Any], config_id: str) -> list[str]:
    folders = {run["id"]: run.get("dir", "") for run in manifest.get("runs", [])}
    return [
        f"  cycle {o.cycle}  {o.state:<7}  {study_dir / folders[o.run_id]}"
        + (f"  ({o.error})" if o.error else "")
        for o in run_outcomes(study_dir, manifest)
        if o.config_id == config_id
    ]


def render_config(study_dir: Path, config_id: str) -> str:
    """The configuration's label, its figures (mean ± half the 95 % t-interval) and its runs."""
    row = _summary_row(study_dir, config_id)
    manifest = load_manifest(study_dir)
    label = next((str(c.get("label", "")) for c in manifest["configs"] if c["id"] == config_id), "")
    width = max(len(m.label) for m in HEADLINE_METRICS)
    return "\n".join(
        [f"{study_dir.name}:{config_id}  {label}  [{row.get('engine')}]"]
        + [f"    {m.label.ljust(width)}  {metric_cell(row, m, m.unit)}" for m in HEADLINE_METRICS]
        + [f"  cycles: {row['cycles_ok']} ok, {row['cycles_failed']} failed"]
        + _run_lines(study_dir, manifest, config_id)
    )
