"""A study's progress: one redrawn status line on a terminal (runs done and failed, the current
configuration and phase, ETA); plain lines, one per run start and end, elsewhere."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import click

from llem.experiment.events import Event, Phase, Progress
from llem.results.files import RESULT_FILE
from llem.study.eta import study_eta
from llem.study.manifest import Manifest, RunRecord

TAIL_LINES = 8


class StudyProgress:
    """A :class:`~llem.study.observer.StudyObserver` for the terminal."""

    def __init__(
        self,
        study_dir: Path,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.clock = clock
        self.study_dir = study_dir
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.manifest: Manifest | None = None
        self.current = ""
        self.phase = ""
        self.run_clock = self.clock()

    def study_started(self, manifest: Manifest) -> None:
        self.manifest = manifest
        done = manifest.count("completed")
        self._line(
            f"study {manifest.study}: {len(manifest.runs)} runs, {done} done → {self.study_dir}"
        )

    def run_started(self, manifest: Manifest, run: RunRecord) -> None:
        self.manifest = manifest
        self.current = f"{run.id} {manifest.config(run.config_id).label}".strip()
        self.phase = "starting"
        self.run_clock = self.clock()
        if not self.interactive:
            self._line(f"{self._counter(run)} {self.current}: started")
        self._draw()

    def run_event(self, event: Event) -> None:
        if isinstance(event, Phase):
            self.phase = event.name
        elif isinstance(event, Progress):
            self.phase = f"prompts {event.done}/{event.total}"
        self._draw()

    def run_finished(self, manifest: Manifest, run: RunRecord) -> None:
        self.manifest = manifest
        self._clear()
        self._line(f"{self._counter(run)} {run.id}: {self._outcome(run)}")
        if run.error and run.error.log_tail:
            for text in run.error.log_tail.rstrip().splitlines()[-TAIL_LINES:]:
                self._line(f"    │ {text}")

    def waiting(self, seconds: float, reason: str) -> None:
        self.phase = f"waiting {seconds:g} s {reason}"
        self._draw()

    def study_finished(self, manifest: Manifest) -> None:
        self.manifest = manifest
        self._clear()

    def _outcome(self, run: RunRecord) -> str:
        if run.status == "failed":
            message = run.error.message if run.error else "failed"
            return (
                click.style("FAILED", fg="red", bold=True)
                + f" after {run.duration_s or 0:.1f} s: {message}"
            )
        return f"completed in {run.duration_s or 0:.1f} s" + _figures(self.study_dir / run.dir)

    def _counter(self, run: RunRecord) -> str:
        total = len(self.manifest.runs) if self.manifest else 0
        return f"[{run.position + 1}/{total}]"

    def _draw(self) -> None:
        if not self.interactive or self.manifest is None:
            return
        manifest = self.manifest
        done, failed = manifest.count("completed"), manifest.count("failed")
        eta = study_eta(manifest)
        # The estimate counts the current run whole: take off what of it has already passed.
        left = max(0.0, eta - (self.clock() - self.run_clock)) if eta is not None else None
        eta_text = f"ETA {_duration(left)}" if left is not None else "ETA ?"
        text = (
            f"✓{done} ✗{failed} /{len(manifest.runs)} │ {self.current} │ {self.phase} │ {eta_text}"
        )
        width = max(20, _columns() - 1)
        click.echo("\r\x1b[2K" + text[:width], file=self.stream, nl=False)

    def _clear(self) -> None:
        if self.interactive:
            click.echo("\r\x1b[2K", file=self.stream, nl=False)

    def _line(self, text: str) -> None:
        click.echo(text, file=self.stream)


def _figures(run_dir: Path) -> str:
    try:
        result = json.loads((run_dir / RESULT_FILE).read_text())
    except (OSError, ValueError):
        return ""
    energy = (result.get("energy") or {}).get("per_output_token_j")
    speed = (result.get("throughput") or {}).get("output_tokens_per_s")
    parts = [f"{speed:.1f} tok/s" if speed is not None else None]
    parts.append(f"{energy:.4g} J/out-tok" if energy is not None else "energy null")
    return " · " + " · ".join(part for part in parts if part)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((100, 20)).columns
