"""What every miner produces: candidate rules in native-keyword space, and what it could not read.

A :class:`Candidate` speaks the library's language: its ``fields`` are keyed by *native keyword*
(``temperature``, not ``transformers.sampling.temperature``), with the predicate written as in a
corpus's ``match.fields`` (``{"<=": 0}``, ``{"not_in": ["a", "b"]}``, ``{"present": True}``,
``True``, ``{">": "@num_beams"}`` for a sibling keyword). :mod:`llem_miners.assemble` maps the
keywords to config paths through the corpus's ``native_types``, adds the target's guards, names
the rule and gates it. An :class:`Unmined` is a construct a miner met and could not translate:
it is reported with its source location (``unmined.yaml``), never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from llem.rules.model import Outcome, Severity


@attrs.frozen
class Where:
    """A place in the library's source: ``file`` relative to the library's top package's parent
    (``transformers/generation/utils.py``), ``method`` the qualified name, ``line`` 1-based."""

    file: str
    method: str
    line: int | None = None

    def describe(self) -> str:
        return f"{self.file}:{self.line} ({self.method})"


@attrs.frozen
class Candidate:
    """One mined rule, before it is mapped to config paths and gated.

    ``severity``/``expected_outcome``: ``error``/``raise``, ``warn``/``warn``, or ``dormant`` with
    ``ignore``, ``normalise`` or ``warn``. ``normalised`` (dormant only): native keyword -> the
    value the library uses instead (``None``: as if unset). ``added_by``: one of
    :data:`llem.rules.model.ADDED_BY` (``static_miner``, ``dynamic_miner``, ``pydantic_lift``,
    ``dataclass_lift``, ``msgspec_lift``, ``attrs_lift``).
    """

    native_type: str
    severity: Severity
    fields: Mapping[str, Any]
    kwargs_positive: Mapping[str, Any]
    kwargs_negative: Mapping[str, Any]
    expected_outcome: Outcome
    message_template: str
    where: Where
    added_by: str
    normalised: Mapping[str, Any] = attrs.field(factory=dict)
    description: str = ""

    def fingerprint(self) -> str:
        """Equal for two candidates that state the same rule (same type, severity and fields)."""
        return fingerprint(self.native_type, self.severity, self.fields)


def fingerprint(native_type: str, severity: str, fields: Mapping[str, Any]) -> str:
    """A stable text key of a rule: its native type, severity and canonical field predicates."""
    canonical = {key: canonical_spec(spec) for key, spec in sorted(fields.items())}
    return f"{native_type}|{severity}|{json.dumps(canonical, sort_keys=True, default=repr)}"


def canonical_spec(spec: Any) -> Any:
    """A predicate spec with list operands sorted, so that ``in: [b, a]`` equals ``in: [a, b]``."""
    if isinstance(spec, Mapping):
        return {op: canonical_spec(operand) for op, operand in sorted(spec.items())}
    if isinstance(spec, list | tuple):
        return sorted((canonical_spec(item) for item in spec), key=repr)
    return spec


@attrs.frozen
class Unmined:
    """A construct a miner could not translate: where, what (its source text), and why."""

    where: Where
    construct: str
    reason: str
    miner: str


@attrs.frozen
class MineResult:
    """What one miner found: its candidates and the constructs it could not translate;
    ``tested``: the (keyword, operand) pairs the code read tests in its ``if`` statements, in
    source order (what the dynamic miner probes for a ``MineTarget.probe_tested`` target)."""

    candidates: tuple[Candidate, ...] = ()
    unmined: tuple[Unmined, ...] = ()
    tested: tuple[tuple[str, Any], ...] = ()

    def __add__(self, other: MineResult) -> MineResult:
        return MineResult(
            self.candidates + other.candidates,
            self.unmined + other.unmined,
            self.tested + other.tested,
        )
