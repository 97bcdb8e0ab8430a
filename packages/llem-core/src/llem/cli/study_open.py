"""Which study ``llem run`` runs: a new one planned from the file, the newest folder of the same
design (``--resume``), or a given folder (``--resume-dir``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from llem.cli.context import CliState
from llem.errors import UsageError

if TYPE_CHECKING:
    from llem.cli.study_run import StudyRequest
    from llem.study.manifest import Manifest
    from llem.study.plan_model import StudyPlan


def open_study(state: CliState, request: StudyRequest) -> tuple[Path, Manifest] | None:
    from llem.study.manifest_io import read_manifest

    if request.resume_dir is not None:
        manifest = read_manifest(request.resume_dir)
        if request.file is not None:
            _check_same_design(_plan(state, request), manifest, request.resume_dir)
        if request.dry_run:
            show_resume(request.resume_dir, manifest, request.retry_failed)
            return None
        return request.resume_dir, manifest
    plan = _plan(state, request)
    if request.dry_run:
        show_plan(plan)
        return None
    if request.resume:
        return _resumable(plan)
    return _create(state, plan)


def _plan(state: CliState, request: StudyRequest) -> StudyPlan:
    assert request.file is not None
    return plan_from_file(state, request.file, request.sets, request.flags)


def plan_from_file(
    state: CliState,
    study_file: Path,
    sets: tuple[str, ...],
    flags: tuple[tuple[str, object], ...] = (),
) -> StudyPlan:
    """Plan the study as ``llem run`` would: user config, environment, the file, flags, --set."""
    from llem.config.user_config import user_config_path
    from llem.study.planner import plan_study

    env = dict(os.environ)
    state.host.require_no_conflicts()
    return plan_study(
        study_file,
        state.host.registry,
        env=env,
        user_config=user_config_path(env),
        sets=sets,
        flags=flags,
    )


def show_plan(plan: StudyPlan) -> None:
    """Print the plan, with a duration estimate from earlier runs of its configurations."""
    from llem.cli.plan_view import render_plan
    from llem.study.estimate import estimate_study

    estimate = estimate_study(plan, Path(plan.output_dir))
    seconds, runs = (estimate.seconds, estimate.timed_runs) if estimate else (None, None)
    for line in render_plan(plan, seconds, runs):
        click.echo(line)


def show_resume(study_dir: Path, manifest: Manifest, retry_failed: bool) -> None:
    """What resuming would run, running nothing (``--resume-dir DIR --dry-run``)."""
    from llem.study.reconcile import reconcile

    manifest = reconcile(manifest, study_dir)  # as the runner will see it; nothing is written
    wanted = {"pending", "failed"} if retry_failed else {"pending"}
    left = [run.id for run in manifest.runs if run.status in wanted]
    done = manifest.count("completed")
    click.echo(f"study {manifest.study} in {study_dir}: {done} of {len(manifest.runs)} runs done")
    shown = ", ".join(left[:20]) + (f", ... ({len(left)} in all)" if len(left) > 20 else "")
    click.echo(f"would run {len(left)}: {shown}" if left else "nothing left to run")
    click.echo("Nothing was run (--dry-run).")


def _resumable(plan: StudyPlan) -> tuple[Path, Manifest]:
    from llem.study.locate import find_resumable
    from llem.study.manifest_io import read_manifest

    study_dir = find_resumable(Path(plan.output_dir), plan.name, plan.design_hash)
    click.echo(f"resuming {study_dir}", err=True)
    return study_dir, read_manifest(study_dir)


def _create(state: CliState, plan: StudyPlan) -> tuple[Path, Manifest]:
    from llem.config.converter import make_converter
    from llem.study.create import create_study_dir
    from llem.study.manifest_build import manifest_from_plan

    manifest = manifest_from_plan(plan, make_converter(state.host.registry))
    for item in plan.skipped:
        click.secho(f"skipped {item.label}: " + "; ".join(item.reasons), fg="yellow", err=True)
    return create_study_dir(manifest, Path(plan.output_dir)), manifest


def _check_same_design(plan: StudyPlan, manifest: Manifest, study_dir: Path) -> None:
    if plan.design_hash != manifest.design_hash:
        raise UsageError(
            f"{study_dir} holds design {manifest.design_hash}, but {plan.study_file} now plans"
            f" {plan.design_hash}: the study file changed. Resume the folder alone"
            f" (llem run --resume-dir {study_dir}) to finish its own plan."
        )
