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
