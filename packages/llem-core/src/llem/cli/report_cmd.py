"""``llem report STUDY_DIR``: plots and an HTML page from a study's results."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("study_dir", type=click.Path(path_type=Path))
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the PNG plots and report.html (default: STUDY_DIR/report).",
)
def report(study_dir: Path, output: Path | None) -> None:
    """Write PNG plots and one self-contained report.html for the study in STUDY_DIR.

    \b
    Writes summary.parquet and summary.csv first when the study has none. Plots: each headline
    metric against each swept parameter (a series per engine, 95 % t-interval error bars) and
    the energy-throughput trade-off with its Pareto front.
    """
    from llem.report.build import build_report

    html = build_report(study_dir, output)
    plots = sorted(html.parent.glob("*.png"))
    click.echo(f"summary: {study_dir / 'summary.parquet'} (and summary.csv)")
    click.echo(f"plots:   {len(plots)} PNG files in {html.parent}")
    click.echo(f"report:  {html}")
