"""The ``execution:`` section of a study file: how its runs are ordered, spaced and guarded."""

from __future__ import annotations

from typing import Literal

import attrs

from llem.config.validators import at_least

Order = Literal["sequential", "interleave", "shuffle", "reverse", "latin_square"]


@attrs.frozen
class ExecutionConfig:
    """``cycles``: how many times every configuration runs. ``order``:

    - ``sequential``: each configuration's cycles back to back (A A B B);
    - ``interleave``: cycle by cycle, in plan order (A B, A B);
    - ``shuffle``: cycle by cycle, each cycle in its own random order, seeded by ``seed`` or,
      when that is unset, by the study's design hash (the same study shuffles the same way);
    - ``reverse``: cycle by cycle, every other cycle reversed (A B C, C B A), so position effects
      (heat, drift) fall on every configuration alike;
    - ``latin_square``: cycle ``k`` follows row ``k`` of a balanced Latin square: over ``n``
      cycles each configuration takes every position once and (for an even ``n``) follows every
      other configuration once.

    ``gap_s``: idle seconds between experiments (lets the device cool);
    ``cycle_gap_s``: idle seconds between cycles. ``timeout_s``: the longest one experiment may
    take, start to result; ``silence_s``: the longest it may go with no progress and no log
    output. Either kills the experiment's whole process group and records it as failed.
    ``max_consecutive_failures``: the circuit breaker; that many failures in a row stop the study
    (the rest stays pending, for ``--resume``). ``max_configurations``: the most configurations
    a sweep may expand to (a few axes of a few values each multiply fast); raise it on purpose."""

    cycles: int = attrs.field(default=1, validator=at_least(1))
    order: Order = "interleave"
    seed: int | None = None
    gap_s: float = attrs.field(default=0.0, validator=at_least(0))
    cycle_gap_s: float = attrs.field(default=0.0, validator=at_least(0))
    timeout_s: float | None = attrs.field(default=3600.0, validator=at_least(1))
    silence_s: float | None = attrs.field(default=600.0, validator=at_least(1))
    max_consecutive_failures: int = attrs.field(default=3, validator=at_least(1))
    max_configurations: int = attrs.field(default=100_000, validator=at_least(1))
