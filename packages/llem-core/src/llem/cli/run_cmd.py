"""``llem run``: measure one experiment."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from llem.cli.checks_display import render_checks
from llem.cli.context import CliState
from llem.cli.progress import ProgressDisplay
from llem.cli.summary import render_summary
from llem.errors import ExperimentFailedError
from llem.experiment.events import Failed

if TYPE_CHECKING:
    from llem.cli.study_run import StudyRequest
    from llem.launch import Launch
    from llem.plugins.registry import Registry


def _log_plan(launch: Launch) -> None:
    import structlog

    log = structlog.get_logger("llem.run")
    for key, origin in sorted(launch.resolved.provenance.items()):
        if origin != "default":
            log.debug("config value", key=key, origin=origin)


@click.command()
@click.argument("config_file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--model", help="Model: HF id, local dir, .gguf file, or package:NAME[/path]. [task.model]"
)
@click.option("--engine", help="Engine name (see `llem plugins`). [engine]")
@click.option("--dataset", help="Built-in dataset name or path to a JSONL file. [task.dataset]")
@click.option(
    "--n-prompts",
    type=click.IntRange(min=1),
    help="Prompts in the measured window. [task.n_prompts]",
)
@click.option("--output", help="Results folder; one sub-folder per experiment. [output_dir]")
@click.option(
    "--runner",
    help="Where the experiment process runs: local, docker[:cpu|:cuda|:IMAGE], slurm,"
    " slurm:docker[:...] (docs/slurm.md). [runner]",
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="KEY.PATH=VALUE",
    help="Set any config value, e.g. --set transformers.batch_size=8 (repeatable).",
)
@click.option(
    "--dry-run", is_flag=True, help="Plan and validate, show what would run, run nothing."
)
@click.option(
    "--resume", is_flag=True, help="Study: continue the newest folder of this study's design."
)
@click.option(
    "--resume-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Study: continue the study in this folder (CONFIG_FILE may be left out).",
)
@click.option("--retry-failed", is_flag=True, help="Study: run failed runs again too.")
@click.pass_obj
def run(
    state: CliState,
    /,
    config_file: Path | None,
    sets: tuple[str, ...],
    dry_run: bool,
    resume: bool,
    resume_dir: Path | None,
    retry_failed: bool,
    **flags: object,
) -> None:
    """Measure one experiment, or run a study: a grid of experiments, repeated.

    \b
    CONFIG_FILE is an experiment YAML (see examples/). Values are taken, highest first, from:
      1. --set KEY.PATH=VALUE      (in the order given)
      2. named flags               (--model, --engine, --dataset, --n-prompts, --output,
                                    --runner)
      3. CONFIG_FILE
      4. LLEM_CFG_<PATH> variables (LLEM_CFG_TASK__N_PROMPTS=10; __ separates levels)
      5. the user config file      (LLEM_CONFIG_FILE, or config.yaml in llem's user config dir)
      6. built-in defaults
    config.json in the result folder records where each value came from.

    \b
    A CONFIG_FILE with `sweep:` or `experiments:` is a study (see docs/studies.md): every
    configuration runs in its own process, `execution.cycles` times, checkpointed in
    manifest.json; Ctrl-C stops it cleanly and `--resume` continues it. --set applies to every
    configuration; --set execution.cycles=5 (any execution key) changes how the study runs.

    \b
    Examples:
      llem run examples/quickstart.yaml
      llem run examples/quickstart.yaml --n-prompts 40 --set transformers.batch_size=8
      llem run --model HuggingFaceTB/SmolLM2-135M-Instruct --set transformers.device=cuda
      llem run examples/study.yaml --dry-run      the plan: configurations, runs, what varies
      llem run examples/study.yaml --resume       continue an interrupted study
      llem run examples/study.yaml --runner slurm each run a Slurm job (docs/slurm.md)

    \b
    Exit codes: 0 done · 1 an experiment failed · 2 bad input (config, flags, files) · 3 the
    machine lacks what the run needs (an engine runtime, an image, a GPU the config asks for) ·
    4 a plugin problem · 130 interrupted (a study is then resumable).
    """
    state.start_logging()
    study = _study_request(config_file, sets, flags, dry_run, resume, resume_dir, retry_failed)
    if study is not None:
        from llem.cli.study_run import run_study

        run_study(state, study)
        return
    _run_experiment(state, config_file, sets, flags, dry_run)


def _study_request(
    config_file: Path | None,
    sets: tuple[str, ...],
    flags: dict[str, object],
    dry_run: bool,
    resume: bool,
    resume_dir: Path | None,
    retry_failed: bool,
) -> StudyRequest | None:
    from llem.cli.study_run import StudyRequest, check_request
    from llem.config.overrides import flag_overrides
    from llem.errors import UsageError
    from llem.study.planner import is_study_file

    is_study = config_file is not None and is_study_file(config_file)
    request = StudyRequest(
        config_file, sets, flag_overrides(flags), dry_run, resume, resume_dir, retry_failed
    )
    if is_study or resume_dir is not None:
        check_request(request)
        return request
    if resume or retry_failed:
        raise UsageError("--resume and --retry-failed apply to studies (a file with sweep:)")
    return None


def _run_experiment(
    state: CliState,
    config_file: Path | None,
    sets: tuple[str, ...],
    flags: dict[str, object],
    dry_run: bool,
) -> None:
    from llem.config.overrides import flag_overrides
    from llem.config.resolve import ConfigSources, resolve_experiment
    from llem.config.user_config import user_config_path
    from llem.launch import Launch, execute, prepare

    host = state.host
    host.require_no_conflicts()
    env = dict(os.environ)
    sources = ConfigSources(
        file=config_file,
        flags=flag_overrides(flags),
        sets=sets,
        env=env,
        user_config=user_config_path(env),
    )
    launch = Launch(resolve_experiment(sources, host.registry), config_file, state.log_settings)
    if dry_run:
        _show_dry_run(launch, host.registry)
        return
    job = prepare(launch, host.registry)
    for line in render_checks(job.checks):
        click.secho(line, fg="yellow", err=True)
    _log_plan(launch)
    click.echo(f"experiment {job.name} → {job.experiment_dir}", err=True)
    outcome = execute(job, host.registry, ProgressDisplay())
    if isinstance(outcome, Failed):
        raise ExperimentFailedError(
            f"{outcome.message}\n  (results folder: {job.experiment_dir})", outcome.exit_code
        )
    result = json.loads(Path(outcome.result_path).read_text())
    click.echo(render_summary(result, style=lambda s: click.style(s, bold=True)))
    click.echo(f"\nresults: {job.experiment_dir}")


def _show_dry_run(launch: Launch, registry: Registry) -> None:
    from llem.preflight.check import check_launch

    config = launch.resolved.config
    checks = check_launch(launch, registry).checks()
    for line in render_checks(checks):
        click.secho(line, fg="yellow", err=True)
    runner_origin = launch.resolved.provenance.get("runner", "default")
    click.echo(
        f"1 experiment: engine {config.engine}, model {config.task.model},"
        f" {config.task.n_prompts} prompts, runner {config.runner} (from {runner_origin});"
        " valid. Nothing was run (--dry-run)."
    )
