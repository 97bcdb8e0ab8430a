"""``llem report`` and ``llem results list/show/compare`` through the real command line entry
point (``run_cli``: exit codes and printed text)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from llem.cli.main import run_cli

ECHO_RESULT = Path(__file__).parent / "data" / "echo_result.json"


def cells(line: str) -> list[str]:
    """A ``render_columns`` line's cells (two or more spaces apart)."""
    return re.split(r"\s{2,}", line.strip())


def llem(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run_cli([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def results_dir(grid_study: Path, tmp_path: Path) -> Path:
    """A results folder holding the grid study and one single echo experiment."""
    folder = tmp_path / "results"
    shutil.copytree(grid_study, folder / grid_study.name)
    experiment = folder / "echo_echo_20261202T005627Z"
    experiment.mkdir()
    shutil.copy(ECHO_RESULT, experiment / "result.json")
    (folder / "not-a-result").mkdir()
    return folder


def test_list_shows_studies_and_experiments(
    capsys: pytest.CaptureFixture[str], results_dir: Path
) -> None:
    code, out, _ = llem(capsys, "results", "list", results_dir)
    assert code == 0
    study_line = next(line for line in out.splitlines() if "grid_20261202T010000Z" in line)
    assert study_line.split() == [
        "grid_20261202T010000Z", "completed", "12", "23", "1", "2026-12-02T01:10:00Z",
    ]  # fmt: skip
    echo_line = next(line for line in out.splitlines() if line.strip().startswith("echo_echo"))
    assert echo_line.split()[1:] == ["echo", "toy/echo", "—", "891.6"]
    assert "not-a-result" not in out


def test_list_defaults_to_results_and_rejects_a_missing_folder(
    capsys: pytest.CaptureFixture[str], results_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(results_dir.parent)
    code, out, _ = llem(capsys, "results", "list")
    assert code == 0 and "studies (1)" in out and "experiments (1)" in out
    code, _, err = llem(capsys, "results", "list", results_dir / "nope")
    assert code == 2 and "nope: no such results folder" in err


def test_show_a_study_prints_status_and_each_configuration(
    capsys: pytest.CaptureFixture[str], grid_study: Path
) -> None:
    code, out, _ = llem(capsys, "results", "show", grid_study)
    assert code == 0
    assert "runs: 23 ok, 1 failed, 0 not run" in out
    assert "c001  echo.batch_size=1 echo.dtype=float16  [echo]  cycles: 1 ok, 1 failed" in out
    assert "energy / output token (raw)       1.01 J (n=1)" in out  # one cycle: no interval
    assert "failed c001-2: CUDA out of memory" in out


def test_show_an_experiment_reuses_the_run_summary(
    capsys: pytest.CaptureFixture[str], results_dir: Path
) -> None:
    code, out, _ = llem(capsys, "results", "show", results_dir / "echo_echo_20261202T005627Z")
    assert code == 0
    assert "engine / model" in out and "892 out tok/s" in out
    code, _, err = llem(capsys, "results", "show", results_dir / "not-a-result")
    assert code == 2 and "neither a study (manifest.json) nor an experiment" in err
    (results_dir / "not-a-result" / "result.json").write_text('{"schema_version": "9"}')
    code, _, err = llem(capsys, "results", "show", results_dir / "not-a-result")
    assert code == 2 and "not an llem result (schema_version '9'" in err


def test_compare_two_configurations_gives_the_ratio_and_explains_nulls(
    capsys: pytest.CaptureFixture[str], grid_study: Path
) -> None:
    code, out, _ = llem(capsys, "results", "compare", f"{grid_study}:c001", f"{grid_study}:c005")
    assert code == 0
    throughput = cells(next(line for line in out.splitlines() if "output tokens / s" in line))
    # c005: batch 16, cycles 1 and 2; c001 lost its second cycle, so the ratio has no interval
    assert throughput[1:] == ["101 (n=1)", "1602 ± 6.353 (n=2)", "15.9x", "no interval: n=1 vs n=2"]
    adjusted = cells(next(line for line in out.splitlines() if "(adjusted) [J]" in line))
    assert adjusted[1] == "—" and adjusted[3:] == ["—", "—"]
    assert adjusted[2].startswith("0.05425 ± ")  # 0.7 * (1/16 + 0.015)
    assert "— A energy / output token (adjusted): no adjusted_energy_per_output_token_j" in out


def test_compare_two_experiments_and_two_studies(
    capsys: pytest.CaptureFixture[str], results_dir: Path, grid_study: Path
) -> None:
    echo = results_dir / "echo_echo_20261202T005627Z"
    code, out, _ = llem(capsys, "results", "compare", grid_study / "experiments" / "c003-1", echo)
    assert code == 0 and "B energy / output token (raw): auto: nvml unavailable" in out
    code, out, _ = llem(capsys, "results", "compare", grid_study, results_dir / grid_study.name)
    assert code == 0 and out.count("== echo.batch_size=") == 12
    assert "== echo.batch_size=16 echo.dtype=float32 [slow]" in out
    rows = [cells(line) for line in out.splitlines() if "output tokens / s" in line]
    assert [row[3] for row in rows] == ["1x"] * 12
    assert rows[0][4] == "no interval: n=1 vs n=1"  # c001's second cycle failed
    assert all(row[4].endswith("x, overlap: not distinguishable from noise") for row in rows[1:])


def test_compare_rejects_bad_sides(
    capsys: pytest.CaptureFixture[str], grid_study: Path, tmp_path: Path
) -> None:
    code, _, err = llem(capsys, "results", "compare", tmp_path / "missing", grid_study)
    assert code == 2 and "not an experiment folder" in err
    code, _, err = llem(capsys, "results", "compare", f"{grid_study}:c099", f"{grid_study}:c001")
    assert code == 2 and "no configuration 'c099'" in err
    code, _, err = llem(capsys, "results", "compare", grid_study, f"{grid_study}:c001")
    assert code == 2 and "compare a study with a study" in err


def test_report_command_prints_where_files_went(
    capsys: pytest.CaptureFixture[str], echo_study: Path, tmp_path: Path
) -> None:
    code, out, _ = llem(capsys, "report", echo_study, "--output", tmp_path / "out")
    assert code == 0
    assert f"report:  {tmp_path / 'out' / 'report.html'}" in out
    assert "plots:   6 PNG files" in out  # throughput, TTFT x2, ITL x2, FLOPs by batch size
    code, _, err = llem(capsys, "report", tmp_path)
    assert code == 2 and "not a study folder (no manifest.json)" in err


def test_list_names_a_package_model_as_the_user_wrote_it(
    capsys: pytest.CaptureFixture[str], results_dir: Path
) -> None:
    """Not the site-packages folder it resolved to."""
    experiment = results_dir / "echo_echo_20261202T005627Z" / "result.json"
    result = json.loads(experiment.read_text())
    result["model"] = {
        "source": "package",
        "location": "/venv/site-packages/weights",
        "gguf_file": "m.gguf",
    }
    experiment.write_text(json.dumps(result))
    code, out, _ = llem(capsys, "results", "list", results_dir)
    assert code == 0
    assert "package:weights/m.gguf" in out and "site-packages" not in out


def test_list_names_failed_and_interrupted_runs_and_counts_what_it_left_out(
    capsys: pytest.CaptureFixture[str], results_dir: Path
) -> None:
    stopped = results_dir / "echo_echo_20261202T010000Z"
    stopped.mkdir()
    marked = {"status": "interrupted", "message": "interrupted (Ctrl-C or SIGTERM)\nmore"}
    (stopped / "error.json").write_text(json.dumps(marked))
    code, out, _ = llem(capsys, "results", "list", results_dir)
    assert code == 0
    assert "failed or interrupted (1)" in out
    line = next(ln.strip() for ln in out.splitlines() if "echo_echo_20261202T010000Z" in ln)
    assert line.split(maxsplit=2)[1:] == ["interrupted", "interrupted (Ctrl-C or SIGTERM)"]
    assert "(1 other folders left out: no manifest.json, result.json or error.json)" in out
