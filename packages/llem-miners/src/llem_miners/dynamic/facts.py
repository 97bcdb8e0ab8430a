"""What the dynamic miner is told about a keyword, and the probe counts it reports."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

import attrs


class _Unset(enum.Enum):
    UNSET = "unset"


NO_DEFAULT = _Unset.UNSET
"""The keyword's default is unknown (or it has none): every probe value counts as a change."""

NUMERIC_TYPES = frozenset({"int", "float", "number"})


def _as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


@attrs.frozen
class KeywordFacts:
    """One keyword of a native type: its type name (``int``, ``float``, ``bool``, ``str``, ...;
    ``None`` when unknown), its default (:data:`NO_DEFAULT` when absent), and the thresholds and
    allowed values other miners or lifts found for it statically. ``declared``: the schema's
    whole type text (``list[int] | None``, ``int | list[int] | None``), where ``type_name``
    is ``None`` for a union of several types or ``list`` for any list."""

    type_name: str | None = None
    default: Any = NO_DEFAULT
    thresholds: tuple[Any, ...] = attrs.field(default=(), converter=_as_tuple)
    declared: str | None = None
    library_default: Any = None
    """The library's own default where llem leaves the keyword unset (the schema's): set to it,
    the keyword is as good as unset. Unlike ``default`` it changes no probe."""
    speed_only: bool = False
    """It changes speed, not output (:attr:`llem.records.MinerSpec.speed_only`): never ignored."""

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT

    def is_default(self, value: Any) -> bool:
        """``value`` equals the default (a bool never equals a number)."""
        if not self.has_default:
            return False
        if isinstance(value, bool) != isinstance(self.default, bool):
            return False
        same_kind = type(value) is type(self.default) or _both_numbers(value, self.default)
        return same_kind and bool(value == self.default)

    def unset_default(self) -> Any:
        """The default, or ``None`` when it is unknown."""
        return self.default if self.has_default else None


def _both_numbers(left: Any, right: Any) -> bool:
    return isinstance(left, int | float) and isinstance(right, int | float)


@attrs.frozen
class ProbeStats:
    """How many replays the miner ran for probes (``probes``), and of those how many raised,
    warned (a warning the baseline does not show) or were ignored (the baseline's effect with a
    non-default value); ``sibling_probes``: replays run to find what activates an inert keyword."""

    probes: int = 0
    raised: int = 0
    warned: int = 0
    ignored: int = 0
    sibling_probes: int = 0

    def __add__(self, other: ProbeStats) -> ProbeStats:
        return ProbeStats(*(getattr(self, name) + getattr(other, name) for name in _STAT_NAMES))


_STAT_NAMES = tuple(field.name for field in attrs.fields(ProbeStats))
