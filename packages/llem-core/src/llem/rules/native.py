"""Map native keyword arguments (``GenerationConfig(num_beams=4)``) to config paths and back.

A native type's ``config_paths`` maps keywords to dotted config paths; its ``"*"`` entry names the
pass-through section that receives every keyword not mapped explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem.config.paths import set_path
from llem.rules.model import NativeType

WILDCARD = "*"
LIST_TYPES = (list, tuple)
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def config_path_of(native: NativeType, keyword: str) -> str:
    """The dotted config path of a native keyword (explicit mapping first, then ``"*"``);
    raises ``KeyError`` when the native type maps neither."""
    paths = native.config_paths
    if keyword != WILDCARD and keyword in paths:
        return paths[keyword]
    if WILDCARD in paths:
        return f"{paths[WILDCARD]}.{keyword}"
    raise KeyError(keyword)


def keyword_of(native: NativeType, path: str) -> str | None:
    """The native keyword a config path maps to, or ``None`` when it maps to none.

    The inverse of :func:`config_path_of`: a key of the ``"*"`` section whose keyword is mapped
    explicitly elsewhere maps to nothing (that keyword does not land there)."""
    paths = native.config_paths
    for keyword, target in paths.items():
        if keyword != WILDCARD and target == path:
            return keyword
    section = paths.get(WILDCARD)
    if section is None or not path.startswith(f"{section}."):
        return None
    keyword = path[len(section) + 1 :]
    return None if "." in keyword or keyword in paths else keyword


def kwargs_to_paths(native: NativeType, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """``{"num_beams": 4}`` → ``{"transformers.generation.num_beams": 4}``."""
    return {config_path_of(native, keyword): value for keyword, value in kwargs.items()}


def overlay(view: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``view`` with each dotted path in ``values`` set (creating mappings).

    A value that is in the way of a path (``a: 1`` when setting ``a.b``) is replaced by a mapping.
    Paths are set in the order given, so a later path wins over an earlier one it overlaps."""
    result: dict[str, Any] = plain(view)
    for path, value in values.items():
        set_path(result, path, plain(value))
    return result


def plain(data: Any) -> Any:
    """A deep copy of plain data with every mapping a ``dict`` and every tuple a ``list``."""
    if type(data) in SCALAR_TYPES:
        return data
    if type(data) is dict or isinstance(data, Mapping):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, LIST_TYPES):
        return [plain(item) for item in data]
    return data
