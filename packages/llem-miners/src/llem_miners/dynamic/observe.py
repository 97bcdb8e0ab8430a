"""Replays probe values one keyword at a time and classifies what each did against the baseline."""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

from llem_miners.replay import Observation

ProbeOutcome = Literal["raise", "warn", "ignore", "effect", "default", "quiet", "same"]
"""``raise``: the library raised; ``warn``: it emitted a warning the baseline does not;
``ignore``: the baseline's effect although the value is not the default; ``effect``: it took the
value into account; ``default``: the keyword's default (the baseline itself, not replayed).
A pair of keywords (:mod:`.conflicts`) is also ``quiet`` (it shows nothing neither shows alone)
or ``same`` (it raises as one keyword does alone)."""

EXCEPTION_PREFIX = re.compile(r"^[A-Za-z_][\w.]*: ")


@attrs.frozen
class Probe:
    """One probe value of one keyword, what it did, and the message it raised or warned with."""

    value: Any
    outcome: ProbeOutcome
    message: str = ""
    effect: Any = None
    unchanged: bool = False
    """The effect equals the baseline's (always for ``ignore``; a ``warn`` may be either)."""


def classify(value: Any, observation: Observation, baseline: Observation) -> Probe:
    """What replaying a non-default ``value`` did, compared with the baseline (no kwargs)."""
    if observation.raised is not None:
        return Probe(value, "raise", strip_exception_class(observation.raised))
    new = [text for text in observation.warnings if text not in baseline.warnings]
    if new:
        unchanged = observation.effect == baseline.effect
        return Probe(value, "warn", new[0], observation.effect, unchanged)
    if observation.effect == baseline.effect:
        return Probe(value, "ignore", "", observation.effect, True)
    return Probe(value, "effect", "", observation.effect)


def strip_exception_class(raised: str) -> str:
    """``"ValueError: message"`` -> ``"message"``."""
    return EXCEPTION_PREFIX.sub("", raised, count=1)
