"""The replay contract: an engine package runs native keyword arguments against its real library.

Used by the replay gate (:mod:`llem_miners.gate.run`), a developer tool that checks every rule of a
corpus against the installed library, and by the dynamic miner. The engine's
:class:`llem.records.MinerSpec` names a factory (``replayer``) that returns a :class:`Replayer`;
only llem-miners imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import attrs


@attrs.frozen
class Observation:
    """What the library did with one set of native keyword arguments.

    ``raised``: ``"ValueError: <message>"`` when it raised, else ``None``. ``warnings``: the text of
    every Python warning and every log record at WARNING or above it emitted (repeated-warning
    caches cleared first); a replayer may add INFO records of a logger that puts the detail of a
    warning there (transformers' ``GenerationConfig.validate`` does). ``effect``: a comparable
    fingerprint of what the library ended up doing (the resulting config as a dict, or the
    generated token ids under a fixed seed); ``None`` when it raised. Two calls whose effects are
    equal behaved identically.
    """

    raised: str | None = None
    warnings: tuple[str, ...] = ()
    effect: Any = None


class Replayer(Protocol):
    """Runs a native type (``GenerationConfig``, ``generate``, ...) with keyword arguments."""

    library_version: str

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        """Construct / call ``native_type`` with ``kwargs`` and report what happened."""
        ...
