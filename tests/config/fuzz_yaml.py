"""Write a config tree as YAML text, with what a tree of plain values cannot say: tags, anchors,
aliases, merge keys, and any text as is (:class:`Raw`)."""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


@attrs.frozen
class Raw:
    """YAML text written as it is: ``!!set {a, b}``, ``*a1``, ``[[[[]]]]``, ``0x1F``."""

    text: str


@attrs.frozen
class Anchored:
    """``value`` with an anchor (``&name``) that an alias elsewhere refers to."""

    name: str
    value: Any


def render(data: Mapping[Any, Any]) -> str:
    """``data`` as a block-style YAML document (collections below the second level in flow)."""
    return "".join(f"{line}\n" for line in _block(data, 0))


def _block(data: Mapping[Any, Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for key, value in data.items():
        inner, anchor = _unwrap(value)
        head = f"{pad}{_key(key)}:{anchor}"
        if isinstance(inner, dict) and inner and indent < 4:
            yield head
            yield from _block(inner, indent + 2)
        else:
            yield f"{head} {flow(inner)}"


def _unwrap(value: Any) -> tuple[Any, str]:
    if isinstance(value, Anchored):
        return value.value, f" &{value.name}"
    return value, ""


def flow(value: Any) -> str:
    """One value in flow style."""
    if isinstance(value, Anchored):
        return f"&{value.name} {flow(value.value)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return quoted(str(value))


def _key(key: Any) -> str:
    if isinstance(key, Raw):
        return key.text
    return key if PLAIN_KEY.fullmatch(key) and key not in ("null", "true", "false") else quoted(key)


def quoted(text: str) -> str:
    """A double-quoted YAML string; a lone surrogate, which no file can hold, as its escape."""
    escaped = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in escaped)
