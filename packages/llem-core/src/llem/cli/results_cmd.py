"""``llem results``: list, show and compare what ``llem run`` wrote."""

from __future__ import annotations

from pathlib import Path

import click

from llem.errors import UsageError


@click.group()
def results() -> None:
    """List, show and compare studies and experiments in a results folder."""


@results.command("list")
@click.argument("results_dir", required=False, default="results", type=click.Path(path_type=Path))
def list_results(results_dir: Path) -> None:
    """Studies and single experiments in RESULTS_DIR (default: results)."""
    from llem.cli.results_list import render_listing

    if not results_dir.is_dir():
        raise UsageError(f"{results_dir}: no such results folder")
    click.echo(render_listing(results_dir))


@results.command()
@click.argument("path")
def show(path: str) -> None:
    """A study's status and per-configuration figures, one experiment's headline figures, or one
    configuration of a study (STUDY_DIR:c003: the mean over its cycles, and each cycle's run)."""
    from llem.cli.results_show import render_path
    from llem.cli.results_show_config import config_reference, render_config

    if reference := config_reference(path):
        click.echo(render_config(*reference))
        return
    click.echo(render_path(Path(path), style=lambda text: click.style(text, bold=True)))


@results.command()
@click.argument("a")
@click.argument("b")
def compare(a: str, b: str) -> None:
    """Headline metrics of A and B side by side, with the ratio B/A.

    \b
    A and B: two experiment folders, two study configurations (STUDY_DIR:c003, the mean over its
    cycles) or two study folders (compared configuration by configuration, matched by label).
    """
    from llem.cli.results_compare import render_comparison

    click.echo(render_comparison(a, b))
