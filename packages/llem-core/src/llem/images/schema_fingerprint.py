"""A fingerprint of the config schema: the attrs classes of an experiment config and everything
nested in them (field names, type annotations, defaults).

An image whose fingerprint differs from the host's may not read the jobs the host writes. The
description is canonical: one entry per class, sorted; a default that is a factory is named by its
qualified name, never by a ``repr`` holding a memory address.
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

FINGERPRINT_LENGTH = 16


def schema_fingerprint(roots: Iterable[type]) -> str:
    """``sha256:`` and a prefix of the SHA-256 of the canonical description of ``roots``."""
    text = json.dumps(describe_schema(roots), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def describe_schema(roots: Iterable[type]) -> dict[str, list[list[str]]]:
    """``{"module.Class": [[field, type, default], ...]}`` of ``roots`` and nested attrs classes."""
    described: dict[str, list[list[str]]] = {}
    pending = [cls for cls in roots if attrs.has(cls)]
    while pending:
        cls = pending.pop()
        name = f"{cls.__module__}.{cls.__qualname__}"
        if name not in described:
            hints = _hints(cls)
            described[name] = [_field(field, hints) for field in attrs.fields(cls)]
            pending.extend(_nested(hints))
    return described


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # an annotation that cannot be resolved here: describe it, do not descend
        return {}


def _field(field: attrs.Attribute[Any], hints: dict[str, Any]) -> list[str]:
    """The annotation as resolved, so the description is the same whether or not something
    (cattrs does) has already replaced the class's string annotations by types."""
    annotation = hints.get(field.name, field.type)
    return [field.name, _type_name(annotation), _default(field.default)]


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return f"{annotation.__module__}.{annotation.__qualname__}"
    return repr(annotation)


def _default(default: Any) -> str:
    if default is attrs.NOTHING:
        return "<required>"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory
        return f"Factory({factory.__module__}.{factory.__qualname__})"
    return repr(default)


def _nested(hints: dict[str, Any]) -> Iterator[type]:
    """The attrs classes named in a class's resolved annotations (``X | None``, ``list[X]``)."""
    for hint in hints.values():
        yield from (t for t in _walk(hint) if isinstance(t, type) and attrs.has(t))


def _walk(hint: Any) -> Iterator[Any]:
    yield hint
    for argument in typing.get_args(hint):
        yield from _walk(argument)
