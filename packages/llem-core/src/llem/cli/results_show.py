"""``llem results show PATH``: a study's status and per-configuration figures, or one
experiment's headline figures."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from llem.cli.summary import render_summary
from llem.errors import UsageError
from llem.report.facts import study_facts
from llem.report.table import metric_cell
from llem.results.files import RESULT_FILE
from llem.results.headline import HEADLINE_METRICS
from llem.study.folder_read import is_study_dir, load_manifest, read_json
from llem.study.noise import noise_warnings


def study_summary_rows(study_dir: Path) -> list[dict[str, Any]]:
    """The summary's rows, computed from the manifest and results now (never stale; writes
    nothing)."""
    from llem.study.summary import summary_frame

    return summary_frame(study_dir).to_dicts()


def _config_block(row: dict[str, Any], label: str) -> list[str]:
    head = f"{row['config_id']}  {label}  [{row.get('engine')}]  cycles: {row['cycles_ok']} ok"
    head += f", {row['cycles_failed']} failed"
    width = max(len(m.label) for m in HEADLINE_METRICS)
    return [head] + [
        f"    {m.label.ljust(width)}  {metric_cell(row, m, m.unit)}" for m in HEADLINE_METRICS
    ]


def render_study(study_dir: Path) -> str:
    facts = study_facts(study_dir)
    labels = {c["id"]: str(c.get("label", "")) for c in load_manifest(study_dir)["configs"]}
    lines = [
        f"study {facts.name}  ({study_dir})",
        f"  status {facts.status}, design {facts.design_hash}, updated {facts.updated_at}",
        f"  runs: {facts.runs_ok} ok, {facts.runs_failed} failed, {facts.runs_pending} not run",
        "  mean ± half the 95 % t-interval (n: cycles measured); — is null",
    ]
    rows = study_summary_rows(study_dir)
    for row in rows:
        lines += _config_block(row, labels.get(row["config_id"], ""))
    lines += [f"warning: {line}" for line in noise_warnings(rows)]
    lines += [f"failed {run_id}: {error}" for run_id, error in facts.failed]
    return "\n".join(lines)


def render_experiment(folder: Path, style: Callable[[str], str] = str) -> str:
    """The headline table of ``llem run`` from result.json, or the error of a failed run."""
    if (folder / RESULT_FILE).is_file():
        result = read_json(folder / RESULT_FILE)
        try:
            return render_summary(result, style)
        except (KeyError, TypeError, ValueError) as error:
            raise UsageError(
                f"{folder / 'result.json'}: not an llem result (schema_version"
                f" {result.get('schema_version')!r}; missing or bad {error})"
            ) from None
    if (folder / "error.json").is_file():
        failure = read_json(folder / "error.json")
        state = "was interrupted" if failure.get("status") == "interrupted" else "failed"
        return f"experiment {folder.name} {state}: {failure.get('message', failure)}"
    raise UsageError(f"{folder}: neither a study (manifest.json) nor an experiment (result.json)")


def render_path(path: Path, style: Callable[[str], str] = str) -> str:
    """What ``llem results show`` prints for ``path``."""
    if not path.is_dir():
        raise UsageError(f"{path}: no such results folder")
    return render_study(path) if is_study_dir(path) else render_experiment(path, style)
