"""Noisy configurations are named in the study's end summary and in ``llem results show``: a
headline metric's CV over cycles above 10 %, or fewer than 3 completed cycles."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.cli.main import run_cli
from llem.cli.study_result import render_study_end
from llem.study.manifest_io import read_manifest
from llem.study.noise import noise_warnings
from llem.study.summary import summary_rows, write_summary
from tests.study.summary_fixtures import StudyBuilder

QUIET = (37.0, 39.0, 38.0)  # CV 2.6 %
NOISY = (20.0, 300.0, 137.0)  # CV 92 %: the loaded machine of issue 15


def _study(root: Path, cycles: dict[str, tuple[float, ...]]) -> Path:
    study = StudyBuilder(root, varying=["engine", "echo.batch_size"])
    for number, (config_id, values) in enumerate(cycles.items(), start=1):
        study.config(config_id, {"echo.batch_size": number})
        for cycle, value in enumerate(values, start=1):
            study.run(config_id, cycle, output_tokens_per_s=value, energy_per_output_token_j=1.0)
    return study.write()


def _warnings(study_dir: Path) -> list[str]:
    return noise_warnings(summary_rows(study_dir)[1])


def test_a_noisy_configuration_is_named_with_its_cv_and_n(tmp_path: Path) -> None:
    (line,) = _warnings(_study(tmp_path / "s", {"c001": QUIET, "c002": NOISY}))
    assert line.startswith("c002 (echo.batch_size=2): figures vary across cycles, CV ")
    assert "output tokens / s 92% (n=3), above 10%" in line
    assert "energy" not in line  # every cycle measured 1.0 J: CV 0
    assert line.endswith("run more cycles (execution.cycles) on a quieter machine")


def test_a_cv_just_under_the_threshold_is_quiet(tmp_path: Path) -> None:
    assert _warnings(_study(tmp_path / "s", {"c001": (90.0, 100.0, 110.0)})) == []  # CV 10 %
    assert len(_warnings(_study(tmp_path / "t", {"c001": (89.0, 100.0, 111.0)}))) == 1


def test_fewer_than_three_cycles_are_named_by_count(tmp_path: Path) -> None:
    study = _study(tmp_path / "s", {"c001": QUIET, "c002": (40.0, 40.0), "c003": (38.0,)})
    assert _warnings(study) == [
        "c003: n=1 completed cycle, so no interval: how much the figures vary is unknown; "
        "run 3 or more cycles (execution.cycles)",
        "c002: n=2 completed cycles, so each 95 % interval spans ±12.7 standard errors (very "
        "wide); run 3 or more cycles (execution.cycles)",
    ]


def test_when_every_configuration_has_two_cycles_one_line_says_so(tmp_path: Path) -> None:
    study = _study(tmp_path / "s", {"c001": (40.0, 40.0), "c002": (20.0, 60.0)})
    found = _warnings(study)
    assert found[0].startswith("every configuration: n=2 completed cycles")
    assert found[1].startswith("c002 (echo.batch_size=2): figures vary across cycles, CV ")
    assert "output tokens / s 71% (n=2)" in found[1]
    assert len(found) == 2


def test_the_end_of_a_study_prints_the_warnings(tmp_path: Path) -> None:
    study = _study(tmp_path / "s", {"c001": QUIET, "c002": NOISY})
    write_summary(study)
    lines = render_study_end(study, read_manifest(study))
    noisy = [line for line in lines if line.startswith("warning: c002 (echo.batch_size=2)")]
    assert len(noisy) == 1 and "92%" in noisy[0]
    assert lines.index(noisy[0]) < lines.index(f"results: {study}")


def test_results_show_prints_the_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    study = _study(tmp_path / "s", {"c001": QUIET, "c002": NOISY, "c003": (38.0, 39.0)})
    assert run_cli(["results", "show", str(study)]) == 0
    out = capsys.readouterr().out
    assert "\nwarning: c003: n=2 completed cycles" in out
    assert "\nwarning: c002 (echo.batch_size=2): figures vary across cycles, CV " in out
    assert "c001" not in out.split("warning:", 1)[1]  # the quiet one is not named
