"""Show an experiment's events: phases as lines, prompts as a bar on a terminal (plain lines
every 10 % elsewhere, so CI logs stay readable)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click

from llem.experiment.events import Event, Failed, Phase, Progress

BAR_WIDTH = 30


def _eta(started: float, done: int, total: int) -> str:
    if done == 0:
        return "ETA ?"
    remaining = (time.monotonic() - started) / done * (total - done)
    return f"ETA {remaining:4.0f}s"


class ProgressDisplay:
    """An :data:`~llem.runners.base.EventHandler` that draws what the experiment is doing."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.started = time.monotonic()
        self.last_decile = -1

    def __call__(self, event: Event) -> None:
        if isinstance(event, Phase):
            self._line(f"» {event.name}" + (f": {event.detail}" if event.detail else ""))
            self.started = time.monotonic()
        elif isinstance(event, Progress):
            self._progress(event)
        elif isinstance(event, Failed) and event.details:
            self._line(event.details.rstrip())

    def _line(self, text: str) -> None:
        click.echo(text, file=self.stream)

    def _progress(self, event: Progress) -> None:
        if self.interactive:
            self._bar(event)
            return
        decile = event.done * 10 // max(event.total, 1)
        if decile != self.last_decile:
            self.last_decile = decile
            self._line(
                f"  prompts {event.done}/{event.total} "
                + _eta(self.started, event.done, event.total)
            )

    def _bar(self, event: Progress) -> None:
        filled = BAR_WIDTH * event.done // max(event.total, 1)
        bar = "█" * filled + "·" * (BAR_WIDTH - filled)
        eta = _eta(self.started, event.done, event.total)
        end = "\n" if event.done >= event.total else ""
        click.echo(f"\r  {bar} {event.done}/{event.total} {eta}", file=self.stream, nl=False)
        click.echo(end, file=self.stream, nl=False)
