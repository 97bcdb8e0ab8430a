"""What distinguishes the configurations of a plan: the paths that vary, labels, the design hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from llem.rules.predicates import MISSING, lookup
from llem.study.execution import ExecutionConfig


def varying_paths(set_paths: Iterable[str], views: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The paths among ``set_paths`` (in order) whose value differs between ``views``;
    ``engine`` first."""
    ordered = sorted(dict.fromkeys(set_paths), key=lambda path: path != "engine")
    return tuple(path for path in ordered if _differs([value_at(view, path) for view in views]))


def value_at(view: Mapping[str, Any], path: str) -> Any:
    """The value at ``path``, ``None`` where it does not apply."""
    value = lookup(view, path)
    return None if value is MISSING else value


def params_of(view: Mapping[str, Any], paths: Sequence[str]) -> dict[str, Any]:
    return {path: value_at(view, path) for path in paths}


def label_of(params: Mapping[str, Any], fallback: str) -> str:
    """``transformers.batch_size=4 task.max_output_tokens=32``; ``fallback`` when nothing varies."""
    words = [f"{path}={show_value(value)}" for path, value in params.items() if value is not None]
    return " ".join(words) or fallback


def show_value(value: Any) -> str:
    """A value as YAML would spell it: ``4``, ``float16``, ``true``, ``null``, ``[1, 2]``."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return json.dumps(value, default=str)


def design_hash(config_hashes: Sequence[str], execution: ExecutionConfig) -> str:
    """Changes with the configurations, their order, the cycle count and the run order."""
    design = {"configs": list(config_hashes), "cycles": execution.cycles, "order": execution.order}
    text = json.dumps(design, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _differs(values: Sequence[Any]) -> bool:
    """Whether any value differs from the first (``1`` and ``true`` differ: types count)."""
    if not values:
        return False
    first = values[0]
    return any(type(value) is not type(first) or value != first for value in values[1:])
