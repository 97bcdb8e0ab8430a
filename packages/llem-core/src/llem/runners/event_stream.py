"""The host's end of an experiment's event channel: a thread reads its bytes, splits lines,
decodes events and queues them; a line that is no event (something else wrote to the channel)
is passed to ``stray`` instead of being lost."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable

from llem.experiment.events import Event, decode_event

END = object()
"""Queued when the channel closed: nothing more will come."""


class EventStream:
    def __init__(
        self, chunks: Iterable[bytes], experiment_dir: str, stray: Callable[[str], None]
    ) -> None:
        self._chunks = chunks
        self._experiment_dir = experiment_dir
        self._stray = stray
        self._queue: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._read, name="llem-events", daemon=True)

    def start(self) -> EventStream:
        self._thread.start()
        return self

    def get(self, timeout: float) -> Event | object | None:
        """The next event, :data:`END`, or ``None`` when nothing came within ``timeout``."""
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)

    def _read(self) -> None:
        pending = b""
        try:
            for chunk in self._chunks:
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    self._line(line)
        except (OSError, ValueError):  # the channel broke: the process is going or gone
            pass
        finally:
            if pending:
                self._line(pending)
            self._queue.put(END)

    def _line(self, raw: bytes) -> None:
        text = raw.decode("utf-8", errors="replace")
        event = decode_event(text, self._experiment_dir)
        if event is not None:
            self._queue.put(event)
        elif text.strip():
            self._stray(text)
