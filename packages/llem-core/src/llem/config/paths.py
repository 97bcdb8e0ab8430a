"""Dotted paths (``task.n_prompts``) into nested config mappings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any


def join_path(prefix: str, key: object) -> str:
    return f"{prefix}.{key}" if prefix else str(key)


def dotted(keys: Sequence[object]) -> str:
    return ".".join(str(key) for key in keys)


def is_within(path: str, ancestor: str) -> bool:
    """Whether ``path`` is ``ancestor`` or lies below it."""
    return path == ancestor or path.startswith(f"{ancestor}.")


def ancestors(path: str) -> Iterator[str]:
    """``"a.b.c"`` → ``"a.b"``, ``"a"`` (nearest first)."""
    keys = path.split(".")
    for end in range(len(keys) - 1, 0, -1):
        yield ".".join(keys[:end])


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot name a config key, or ``None`` when it can."""
    if not path:
        return "empty key path"
    if "" in path.split("."):
        return f"empty key in path {path!r}"
    return None


def nest(path: str, value: Any) -> dict[str, Any]:
    """``nest("a.b", 1)`` → ``{"a": {"b": 1}}``."""
    keys = path.split(".")
    nested: Any = value
    for key in reversed(keys[1:]):
        nested = {key: nested}
    return {keys[0]: nested}


def iter_paths(data: Any, prefix: str = "") -> Iterator[str]:
    """Every path in ``data``: mapping keys at each level and list items (as indices)."""
    children: Any = ()
    if isinstance(data, Mapping):
        children = data.items()
    elif isinstance(data, list):
        children = enumerate(data)
    for key, value in children:
        path = join_path(prefix, key)
        yield path
        yield from iter_paths(value, path)


def iter_leaf_paths(data: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Paths of the values that are not mappings (a list is one leaf)."""
    found: list[str] = []
    _collect_leaf_paths(data, prefix, found)
    return iter(found)


def _collect_leaf_paths(data: Mapping[str, Any], prefix: str, found: list[str]) -> None:
    # `dict`, not `Mapping`: config data is plain dicts, and the ABC check is 5x slower on the
    # hot path of planning thousands of configurations.
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            _collect_leaf_paths(value, path, found)
        else:
            found.append(path)


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set dotted ``path`` in ``data`` in place, replacing non-mappings on the way with dicts."""
    *parents, last = path.split(".")
    node = data
    for key in parents:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[last] = value
