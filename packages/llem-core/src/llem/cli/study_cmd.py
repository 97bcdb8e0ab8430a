"""``llem study``: plan a study without running it."""

from __future__ import annotations

from pathlib import Path

import click

from llem.cli.context import CliState


@click.group()
def study() -> None:
    """Studies: a grid of configurations described by one YAML file (see docs/studies.md).

    \b
    A study file is an experiment file plus `sweep:` (axes crossed, groups of alternatives),
    `experiments:` (explicit extra configurations) and `execution:` (cycles, order, gaps,
    timeouts). Plan it here; run it with `llem run FILE`; resume it with `llem run FILE
    --resume`; plot it with `llem report STUDY_FOLDER`.
    """


@study.command()
@click.argument("study_file", type=click.Path(path_type=Path))
@click.option("--model", help="Model for every configuration. [task.model]")
@click.option("--engine", help="Engine for every configuration. [engine]")
@click.option("--dataset", help="Built-in dataset name or JSONL path. [task.dataset]")
@click.option("--n-prompts", type=click.IntRange(min=1), help="Prompts per run. [task.n_prompts]")
@click.option(
    "--output", help="Where the study folder goes (and earlier studies are). [output_dir]"
)
@click.option("--runner", help="Runner for every configuration (local, docker, slurm). [runner]")
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Set a config value in every configuration (repeatable).",
)
@click.pass_obj
def plan(state: CliState, /, study_file: Path, sets: tuple[str, ...], **flags: object) -> None:
    """Show what a study would run: its configurations, cycles and runs, what varies between
    them, the configurations skipped as invalid (with why) or collapsed as duplicates, and an
    estimate of the duration from earlier runs of the same configurations.

    \b
    Example:
      llem study plan examples/study.yaml --set task.n_prompts=10
    """
    from llem.cli.study_open import plan_from_file, show_plan
    from llem.config.overrides import flag_overrides

    show_plan(plan_from_file(state, study_file, sets, flag_overrides(flags)))
