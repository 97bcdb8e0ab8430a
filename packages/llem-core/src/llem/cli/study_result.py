"""What ``llem run`` prints when a study ends, and its summary table written beside it."""

from __future__ import annotations

from pathlib import Path

import click

from llem.study.manifest import Manifest


def write_study_summary(study_dir: Path) -> None:
    """``summary.parquet`` and ``summary.csv``; a failure here never loses the study."""
    from llem.study.summary import write_summary

    try:
        write_summary(study_dir)
    except Exception as error:  # the runs are safe on disk; `llem report` can retry
        click.secho(f"warning: could not write the summary: {error}", fg="yellow", err=True)


def _noise(study_dir: Path) -> list[str]:
    """Noisy or too-few-cycle configurations, from the summary just written."""
    import polars as pl

    from llem.study.noise import noise_warnings
    from llem.study.summary import SUMMARY_PARQUET

    if not (study_dir / SUMMARY_PARQUET).is_file():
        return []
    rows = pl.read_parquet(study_dir / SUMMARY_PARQUET).to_dicts()
    return [f"warning: {line}" for line in noise_warnings(rows)]


def render_study_end(study_dir: Path, manifest: Manifest) -> list[str]:
    done, failed = manifest.count("completed"), manifest.count("failed")
    pending = manifest.count("pending") + manifest.count("running")
    counts = f"{done} completed, {failed} failed" + (f", {pending} not run" if pending else "")
    configs = f"{len(manifest.configs)} configurations"
    lines = [f"\nstudy {manifest.study} {manifest.status}: {counts} ({configs})"]
    if (study_dir / "summary.csv").exists():
        lines.append(f"summary: {study_dir / 'summary.parquet'} (and .csv)")
    lines += _noise(study_dir)
    lines.append(f"results: {study_dir}")
    lines.append(f"plots:   llem report {study_dir}")
    return lines
