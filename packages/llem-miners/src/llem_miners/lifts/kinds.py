"""Which lift reads a class: pydantic, msgspec, attrs or stdlib dataclass.

A library's pydantic or msgspec classes can exist only once that library is imported, so each is
looked for only when its module is loaded: llem-miners needs neither installed.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable

import attrs

from llem_miners.lifts.model import ModelLift

Lift = Callable[[type], ModelLift]


def lift_for(cls: type) -> Lift | None:
    """The lift that reads ``cls``; ``None`` when it is none of the known kinds."""
    if _loaded("pydantic"):
        from llem_miners.lifts.pydantic_lift import is_pydantic, lift_pydantic

        if is_pydantic(cls):
            return lift_pydantic
    if _loaded("msgspec"):
        from llem_miners.lifts.msgspec_lift import is_struct, lift_struct

        if is_struct(cls):
            return lift_struct
    return _plain_lift(cls)


def _loaded(module: str) -> bool:
    """``module`` is imported (``None`` in ``sys.modules`` marks a blocked import)."""
    return sys.modules.get(module) is not None


def _plain_lift(cls: type) -> Lift | None:
    if attrs.has(cls):
        from llem_miners.lifts.attrs_lift import lift_attrs

        return lift_attrs
    if dataclasses.is_dataclass(cls):
        from llem_miners.lifts.dataclass_lift import lift_dataclass

        return lift_dataclass
    return None
