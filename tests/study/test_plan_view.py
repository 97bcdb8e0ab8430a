"""What ``llem study plan`` prints for a plan."""

from __future__ import annotations

from llem.cli.plan_view import format_duration, render_plan

from .conftest import Plan

STUDY = """
task: {model: toy/model}
sweep:
  engine: [transformers, echo]
  transformers.batch_size: [1, 0]
  echo.step_ms: [2.0]
experiments:
  - {engine: echo, echo.step_ms: 2.0}
execution: {cycles: 3}
"""


def test_the_plan_shows_sizes_what_varies_skipped_and_duplicates(plan: Plan) -> None:
    lines = render_plan(plan(STUDY), None)
    text = "\n".join(lines)
    assert lines[0] == "study study: 2 configurations x 3 cycles = 6 runs"
    assert [line.split() for line in lines[3:6]] == [
        ["id", "engine", "transformers.batch_size", "echo.step_ms"],
        ["c001", "transformers", "1", "-"],
        ["c002", "echo", "-", "2.0"],
    ]
    assert "skipped 1 invalid configuration:" in text
    assert "  engine=transformers transformers.batch_size=0 (sweep)" in text
    assert "transformers.batch_size: must be >= 1, got 0" in text
    assert "collapsed 1 duplicate (same resolved config):" in text
    assert "  engine=echo echo.step_ms=2.0 (experiments[0]) runs as c002" in text
    assert lines[-1] == "duration unknown until a run has finished"


def test_the_estimate_line_names_its_basis(plan: Plan) -> None:
    lines = render_plan(plan(STUDY), 720.0, 3)
    assert lines[-1] == "estimated duration: 12 min (from 3 earlier runs)"
    assert [format_duration(s) for s in (45, 720, 9000)] == ["45 s", "12 min", "2.5 h"]
