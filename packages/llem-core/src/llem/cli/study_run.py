"""``llem run STUDY_FILE``: plan, run (or resume) and summarise a study."""

from __future__ import annotations

from pathlib import Path

import attrs
import click

from llem.cli.context import CliState
from llem.errors import EXIT_INTERRUPTED, ExperimentFailedError, UsageError
from llem.study.manifest import Manifest


@attrs.frozen
class StudyRequest:
    """What ``llem run`` was asked: the study file (``None`` with ``--resume-dir`` alone),
    the overrides for every configuration, and how to run."""

    file: Path | None
    sets: tuple[str, ...]
    flags: tuple[tuple[str, object], ...]
    dry_run: bool = False
    resume: bool = False
    resume_dir: Path | None = None
    retry_failed: bool = False


def run_study(state: CliState, request: StudyRequest) -> None:
    from llem.cli.study_open import open_study

    opened = open_study(state, request)
    if opened is None:  # --dry-run: the plan was shown
        return
    study_dir, manifest = opened
    if manifest.status == "completed" and not request.retry_failed:
        click.echo(f"study {manifest.study} is complete; nothing to run ({study_dir})", err=True)
    else:
        manifest = _execute(state, request, study_dir, manifest)
    _finish(study_dir, manifest)


def _execute(
    state: CliState, request: StudyRequest, study_dir: Path, manifest: Manifest
) -> Manifest:
    from llem.cli.study_progress import StudyProgress
    from llem.study.run_one import context_for
    from llem.study.runner import StudyRunner

    context = context_for(study_dir, manifest, state.host.registry, state.log_settings)
    runner = StudyRunner(
        manifest, context, StudyProgress(study_dir), retry_failed=request.retry_failed
    )
    try:
        return runner.run()
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: the study is saved in {study_dir}", err=True)
        click.echo(f"resume it with:  {_resume_command(request, study_dir)}", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED) from None


def _resume_command(request: StudyRequest, study_dir: Path) -> str:
    if request.file is not None and request.resume_dir is None:
        return f"llem run {request.file} --resume"
    return f"llem run --resume-dir {study_dir}"


def _finish(study_dir: Path, manifest: Manifest) -> None:
    from llem.cli.study_result import render_study_end, write_study_summary

    write_study_summary(study_dir)
    for line in render_study_end(study_dir, manifest):
        click.echo(line)
    failed, pending = manifest.count("failed"), manifest.count("pending")
    if manifest.status == "stopped":
        raise ExperimentFailedError(
            "the circuit breaker stopped the study after"
            f" {manifest.execution.get('max_consecutive_failures')} consecutive failures;"
            f" {pending} runs left: fix the cause, then"
            f" `llem run --resume-dir {study_dir}`"
        )
    if failed:
        raise ExperimentFailedError(
            f"{failed} of {len(manifest.runs)} runs failed"
            " (see above; --retry-failed runs them again)"
        )


def check_request(request: StudyRequest) -> None:
    if request.resume and request.resume_dir is not None:
        raise UsageError("--resume and --resume-dir: give one (--resume finds the folder itself)")
    if request.resume and request.file is None:
        raise UsageError("--resume needs the study file: llem run STUDY.yaml --resume")
    if request.resume_dir is not None and request.file is None and (request.sets or request.flags):
        raise UsageError(
            "--resume-dir runs the study as it was planned: --set and config flags (--dataset,"
            " --n-prompts, ...) would change it. Give the study file too (llem run STUDY.yaml"
            " --resume-dir DIR ...), and they are checked against the plan, or plan a new study"
        )
