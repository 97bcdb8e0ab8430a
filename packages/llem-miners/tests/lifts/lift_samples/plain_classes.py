"""A synthetic attrs class and a stdlib dataclass."""

from __future__ import annotations

import dataclasses
from typing import Literal

import attrs
from attrs import validators


def _custom(instance: object, attribute: object, value: object) -> None:
    """A validator function: code, not a declared constraint."""


@attrs.define
class Knobs:
    """attrs validators: bounds, in_, instance_of, inside and_, lists and optional."""

    level: int = attrs.field(default=1, validator=validators.gt(0))
    kind: str = attrs.field(default="x", validator=validators.in_(["x", "y"]))
    share: float | None = attrs.field(
        default=None,
        validator=validators.optional(validators.and_(validators.ge(0), validators.le(1))),
    )
    width: int = attrs.field(default=1, validator=[validators.instance_of(int), validators.lt(5)])
    _hidden: int = attrs.field(default=0, validator=_custom)


@dataclasses.dataclass
class Plain:
    """A stdlib dataclass: its Literal is declared but never checked."""

    choice: Literal["a", "b"] = "a"
    count: int = 0

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("count must be non-negative")
