"""Map native keyword arguments (``GenerationConfig(num_beams=4)``) to config paths and back.

STUB: signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.rules.model import NativeType


def config_path_of(native: NativeType, keyword: str) -> str:
    """The dotted config path of a native keyword (explicit mapping first, then ``"*"``);
    raises ``KeyError`` when the native type maps neither."""
    raise NotImplementedError


def keyword_of(native: NativeType, path: str) -> str | None:
    """The native keyword a config path maps to, or ``None`` when it maps to none."""
    raise NotImplementedError


def kwargs_to_paths(native: NativeType, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """``{"num_beams": 4}`` → ``{"transformers.generation.num_beams": 4}``."""
    raise NotImplementedError


def overlay(view: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``view`` with each dotted path in ``values`` set (creating mappings)."""
    raise NotImplementedError
