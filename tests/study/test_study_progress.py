"""The study's progress display: a redrawn status line on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io
from pathlib import Path

import attrs

from llem.cli.study_progress import StudyProgress
from llem.experiment.events import Phase, Progress
from llem.study.manifest import RunError

from .manifest_factory import manifest


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _walk(display: StudyProgress) -> None:
    known = manifest()
    display.study_started(known)
    first = attrs.evolve(known.runs[0], status="running")
    display.run_started(known.with_run(first), first)
    display.run_event(Phase("measuring"))
    display.run_event(Progress(3, 6))
    done = attrs.evolve(first, status="completed", duration_s=4.0)
    display.run_finished(known.with_run(done), done)
    second = attrs.evolve(known.runs[1], status="running")
    started = known.with_run(done).with_run(second)
    display.run_started(started, second)
    failed = attrs.evolve(
        second, status="failed", duration_s=1.0, error=RunError("boom", 1, "line 1\nline 2\n")
    )
    display.run_finished(started.with_run(failed), failed)


def test_terminal_shows_counts_current_run_phase_and_eta(tmp_path: Path) -> None:
    stream = Terminal()
    _walk(StudyProgress(tmp_path, stream, clock=lambda: 100.0))
    text = stream.getvalue()
    assert "c001-1 echo.batch_size=1 │ prompts 3/6 │ ETA ?" in text
    # after one 4 s run: three runs left (one starting) at 4 s each, plus a 2 s gap each
    assert "✓1 ✗0 /4 │ c002-1 echo.batch_size=2 │ starting │ ETA 0m18s" in text
    assert "[2/4] c002-1: " in text and "boom" in text and "│ line 2" in text


def test_the_eta_counts_down_within_a_run(tmp_path: Path) -> None:
    now = [100.0]
    stream = Terminal()
    display = StudyProgress(tmp_path, stream, clock=lambda: now[0])
    known = manifest()
    done = attrs.evolve(known.runs[0], status="completed", duration_s=4.0)
    second = attrs.evolve(known.runs[1], status="running")
    display.run_started(known.with_run(done).with_run(second), second)
    now[0] += 5.0
    display.run_event(Progress(1, 6))
    assert stream.getvalue().endswith("prompts 1/6 │ ETA 0m13s")


def test_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    stream = io.StringIO()
    _walk(StudyProgress(tmp_path, stream))
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("study demo: 4 runs, 0 done")
    assert lines[1] == "[1/4] c001-1 echo.batch_size=1: started"
    assert lines[2] == "[1/4] c001-1: completed in 4.0 s"
    assert "\r" not in stream.getvalue()
