"""`llem run --dry-run` on one experiment: resolved and validated, nothing run or written."""

from __future__ import annotations

from pathlib import Path

from .conftest import ECHO_RUN, RunLlem


def test_dry_run_of_one_experiment(run_llem: RunLlem, echo_site: Path, tmp_path: Path) -> None:
    done = run_llem(*ECHO_RUN, "--n-prompts", "7", "--dry-run", pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    assert (
        "1 experiment: engine echo, model toy/echo, 7 prompts, runner local (from default); valid"
    ) in done.stdout
    assert not (tmp_path / "results").exists()


def test_dry_run_names_the_runner_and_where_it_came_from(
    run_llem: RunLlem, echo_site: Path
) -> None:
    done = run_llem(*ECHO_RUN, "--dry-run", pythonpath=(echo_site,), LLEM_RUNNER_ECHO="docker")
    assert done.returncode == 0, done.stderr
    assert "runner docker (from runners.echo (env LLEM_RUNNER_ECHO)); valid" in done.stdout


def test_dry_run_reports_a_bad_value(run_llem: RunLlem, echo_site: Path) -> None:
    done = run_llem(
        *ECHO_RUN, "--set", "echo.batch_size=lots", "--dry-run", pythonpath=(echo_site,)
    )
    assert done.returncode == 2
    assert "echo.batch_size" in done.stderr and "--set echo.batch_size=lots" in done.stderr


def test_resume_needs_a_study(run_llem: RunLlem, echo_site: Path) -> None:
    done = run_llem(*ECHO_RUN, "--resume", pythonpath=(echo_site,))
    assert done.returncode == 2
    assert "apply to studies" in done.stderr


def _study_folder(tmp_path: Path) -> Path:
    """A study folder whose first run has finished (manifest from the test factory)."""
    import attrs

    from llem.study.manifest_io import write_manifest
    from tests.study.manifest_factory import manifest

    study = tmp_path / "study"
    known = manifest()
    first = known.runs[0]
    (study / first.dir).mkdir(parents=True)
    (study / first.dir / "result.json").write_text('{"schema_version": "2"}')
    write_manifest(study, known.with_run(attrs.evolve(first, status="completed", attempts=1)))
    return study


def test_resume_dir_dry_run_shows_what_is_left_and_runs_nothing(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    study = _study_folder(tmp_path)
    before = (study / "manifest.json").read_text()
    done = run_llem("run", "--resume-dir", str(study), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"study demo in {study}: 1 of 4 runs done" in done.stdout
    assert "would run 3: c002-1, c001-2, c002-2" in done.stdout
    assert (study / "manifest.json").read_text() == before
    assert sorted(path.name for path in study.iterdir()) == ["experiments", "manifest.json"]


def test_resume_dir_alone_refuses_overrides_it_would_ignore(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    study = _study_folder(tmp_path)
    done = run_llem("run", "--resume-dir", str(study), "--set", "echo.batch_size=8")
    assert done.returncode == 2
    assert "--resume-dir runs the study as it was planned" in done.stderr
    assert "Traceback" not in done.stderr
