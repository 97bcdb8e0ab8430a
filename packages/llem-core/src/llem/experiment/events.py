"""What an experiment reports while it runs, and how each report travels: one JSON object per
line (``{"event": "phase", "name": "warmup", "detail": "..."}``)."""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class Phase:
    """The experiment entered a phase (``loading model``, ``warmup``, ``measuring``, ...)."""

    name: str
    detail: str = ""


@attrs.frozen
class Progress:
    done: int
    total: int


@attrs.frozen
class Finished:
    """The experiment wrote its result to ``result_path``. On the wire the path is relative to
    the experiment folder, so a host reading a container's events sees its own path."""

    result_path: str


@attrs.frozen
class Failed:
    """The experiment failed: ``message`` for people, ``details`` (a traceback) for the log."""

    message: str
    details: str = ""
    exit_code: int = 1
    log_tail: str = ""
    """The last lines of the experiment's log, when it had a log file (added by the runner)."""


@attrs.frozen
class Submitted:
    """A runner handed the experiment to a scheduler that names it: ``job`` is
    ``RUNNER:ID`` (``slurm:1234``). A study keeps it in the manifest, so that ``--resume``
    after the host was killed can follow the job still running instead of submitting again."""

    job: str


Event = Phase | Progress | Finished | Failed | Submitted
EventHandler = Callable[[Event], None]

_KINDS: dict[str, type[Any]] = {
    "phase": Phase,
    "progress": Progress,
    "finished": Finished,
    "failed": Failed,
    "submitted": Submitted,
}
_NAMES = {kind: name for name, kind in _KINDS.items()}


def encode_event(event: Event, experiment_dir: str | None = None) -> str:
    """One line of JSON (no newline). A ``Finished`` path is made relative to
    ``experiment_dir`` when it lies inside it."""
    fields = attrs.asdict(event)
    if isinstance(event, Finished) and experiment_dir is not None:
        path = Path(event.result_path)
        if path.is_relative_to(experiment_dir):
            fields["result_path"] = str(path.relative_to(experiment_dir))
    return json.dumps({"event": _NAMES[type(event)], **fields}, ensure_ascii=True)


def decode_event(line: str, experiment_dir: str) -> Event | None:
    """The event on ``line``, or ``None`` when the line is not one (something else wrote to the
    channel). A relative ``Finished`` path is resolved against the host's ``experiment_dir``."""
    try:
        data = json.loads(line)
        kind = _KINDS[data.pop("event")]
        event: Event = kind(**data)
        if not _well_typed(event):
            return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if isinstance(event, Finished):
        return Finished(str(Path(experiment_dir) / event.result_path))
    return event


def _well_typed(event: Event) -> bool:
    """Every field of the type its class declares (``int`` fields: not a bool)."""
    for name, wanted in typing.get_type_hints(type(event)).items():
        value = getattr(event, name)
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            return False
    return True
