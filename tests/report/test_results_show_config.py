"""``llem results show STUDY_DIR:c001``: one configuration, named as ``compare`` names it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.cli.main import run_cli


def show(capsys: pytest.CaptureFixture[str], target: str) -> tuple[int, str, str]:
    code = run_cli(["results", "show", target])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_one_configuration_gives_its_figures_and_each_cycle(
    capsys: pytest.CaptureFixture[str], grid_study: Path
) -> None:
    code, out, _ = show(capsys, f"{grid_study}:c001")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{grid_study.name}:c001  echo.batch_size=1 echo.dtype=float16  [echo]"
    assert "energy / output token (raw)       1.01 J (n=1)" in out
    assert "cycles: 1 ok, 1 failed" in out
    cycles = [line.split()[:3] for line in lines if line.startswith("  cycle ")]
    assert cycles == [["cycle", "1", "ok"], ["cycle", "2", "failed"]]
    assert "CUDA out of memory" in out


def test_show_an_unknown_configuration_names_the_ones_there(
    capsys: pytest.CaptureFixture[str], grid_study: Path
) -> None:
    code, _, err = show(capsys, f"{grid_study}:c999")
    assert code == 2
    assert "no configuration 'c999' (has c001, c002" in err
