"""The ``llem-miners`` command line: usage problems exit 2 with one line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from llem_miners.cli import main

TOY_CORPUS = Path(__file__).parent / "toy" / "toy_engine" / "rules.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def test_help_names_every_command_and_the_upgrade_recipe(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("mine", "gate", "schema", "diff"):
        assert command in out
    assert "After a library upgrade" in out


@pytest.mark.parametrize("command", ["mine", "gate", "schema"])
def test_an_unknown_engine_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _, err = run(capsys, command, "nope")
    assert code == 2
    assert "unknown engine 'nope'" in err and "Traceback" not in err


def test_an_engine_without_a_replayer_is_mined_from_its_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "mine", "tensorrt")
    assert code == 2
    assert "engine 'tensorrt' registers no replayer" in err and "--source DIR" in err
    code, _, err = run(capsys, "schema", "tensorrt")
    assert code == 2 and "names no schema_discovery" in err


def test_diff_of_two_corpora(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = tmp_path / "rules.yaml"
    text = TOY_CORPUS.read_text(encoding="utf-8")
    changed.write_text(text.replace('{"<=": 0}', '{"<": 0}'), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(TOY_CORPUS), str(changed))
    assert code == 0
    assert out.splitlines() == [
        '~ toy.temperature_positive: error Params: toy.params.temperature {"<=": 0} '
        '(manual_seed)  ->  error Params: toy.params.temperature {"<": 0} (manual_seed)',
        "0 added, 0 removed, 1 changed",
    ]


def test_diff_of_a_missing_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "diff", str(TOY_CORPUS), str(tmp_path / "nope.yaml"))
    assert code == 2 and "does not exist" in err


def test_python_dash_m_runs_the_same_command() -> None:
    """Inside an engine's image there is no console script: ``python -m llem_miners``."""
    done = subprocess.run(
        [sys.executable, "-m", "llem_miners", "gate", "nope"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "unknown engine 'nope'" in done.stderr
