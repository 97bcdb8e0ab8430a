"""`llem study plan FILE`: the plan in words, exit 2 when nothing is valid, no heavy imports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import RunLlem

STUDY = """
task: {model: toy/echo, n_prompts: 4}
engine: echo
sweep:
  echo.batch_size: [1, 4, ten]
  task.max_output_tokens: [8, 16]
experiments:
  - {echo: {batch_size: 4}, task.max_output_tokens: 16}
execution: {cycles: 2}
"""


def write(folder: Path, text: str, name: str = "study.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def test_study_plan_shows_the_plan(run_llem: RunLlem, echo_site: Path, tmp_path: Path) -> None:
    write(tmp_path, STUDY)
    done = run_llem(
        "study", "plan", "study.yaml", "--set", "task.n_prompts=2", pythonpath=(echo_site,)
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "study study: 4 configurations x 2 cycles = 8 runs" in out
    rows = [line.split() for line in out.splitlines() if line.startswith("  c0")]
    assert rows == [
        ["c001", "1", "8"], ["c002", "1", "16"], ["c003", "4", "8"], ["c004", "4", "16"],
    ]  # fmt: skip
    assert "study.yaml:4:27: echo.batch_size: expected an integer, got 'ten' (a string)" in out
    assert "echo.batch_size=4 task.max_output_tokens=16 (experiments[0]) runs as c004" in out
    assert "duration unknown until a run has finished" in out


def test_a_study_with_nothing_valid_exits_2_with_every_reason(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write(tmp_path, "task: {model: toy/echo}\nsweep:\n  echo.batch_size: [one, two]\n")
    done = run_llem("study", "plan", "study.yaml", pythonpath=(echo_site,))
    assert done.returncode == 2
    assert "no valid configuration in study study.yaml" in done.stderr
    assert "study.yaml:3:21: echo.batch_size: expected an integer, got 'one'" in done.stderr
    assert "study.yaml:3:26: echo.batch_size: expected an integer, got 'two'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_malformed_sweep_exits_2_naming_the_line(run_llem: RunLlem, tmp_path: Path) -> None:
    write(tmp_path, "task: {model: m}\nsweep:\n  transformers.batch_size: [1, {a: 2}]\n")
    done = run_llem("study", "plan", "study.yaml")
    assert done.returncode == 2
    assert "study.yaml:3:3: sweep.transformers.batch_size: mixes values and mappings" in done.stderr


def test_study_plan_imports_nothing_heavy(tmp_path: Path) -> None:
    study = write(tmp_path, "task: {model: m}\nsweep:\n  transformers.batch_size: [1, 2]\n")
    probe = textwrap.dedent(
        f"""
        import sys
        from llem.cli.main import run_cli
        code = run_cli(["study", "plan", {str(study)!r}])
        heavy = ("torch", "transformers", "polars", "matplotlib", "pynvml")
        print("HEAVY=" + ",".join(m for m in heavy if m in sys.modules), code)
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY= 0"
