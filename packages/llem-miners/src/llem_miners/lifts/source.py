"""Where a lifted class and its fields are defined: file (relative to the parent of the library's
top package), ``Class.field`` and the line of the field's definition.

A field is found in the class of the MRO whose body defines it (``name: T = ...`` or
``name = attrs.field(...)``); an inherited field points at its base class. A class without
readable source is placed at its module's file, with no line.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from llem_miners.candidate import Where
from llem_miners.static.source import relative_file


def class_where(cls: type) -> Where:
    """The class itself: its file, ``Class`` and its first line."""
    try:
        line: int | None = inspect.getsourcelines(cls)[1]
    except (OSError, TypeError):
        line = None
    return Where(_file_of(cls), cls.__qualname__, line)


def field_places(cls: type) -> dict[str, Where]:
    """Each field name defined in the body of ``cls`` or a base -> where (the nearest class)."""
    places: dict[str, Where] = {}
    for klass in reversed(cls.__mro__[:-1]):  # object has no fields
        for name, line in _body_fields(klass).items():
            places[name] = Where(_file_of(klass), f"{klass.__qualname__}.{name}", line)
    return places


def field_where(places: dict[str, Where], cls: type, name: str) -> Where:
    """Where field ``name`` is defined; the class itself where its source does not show it."""
    return places.get(name) or Where(_file_of(cls), f"{cls.__qualname__}.{name}", None)


def method_where(cls: type, name: str) -> Where:
    """Where method ``name`` of ``cls`` (or the base defining it) is written."""
    attribute = getattr(cls, name)
    function = inspect.unwrap(getattr(attribute, "__func__", attribute))
    qualname = getattr(function, "__qualname__", f"{cls.__qualname__}.{name}")
    try:
        line: int | None = inspect.getsourcelines(function)[1]
    except (OSError, TypeError):
        return Where(_file_of(cls), qualname, None)
    return Where(_file_of(function), qualname, line)


def _body_fields(klass: type) -> dict[str, int]:
    """Names assigned or annotated at the top of ``klass``'s body -> their file lines."""
    try:
        lines, first = inspect.getsourcelines(klass)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError):
        return {}
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.ClassDef):
        return {}
    found: dict[str, int] = {}
    for statement in node.body:
        for target in _targets(statement):
            found.setdefault(target, statement.lineno + first - 1)
    return found


def _targets(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return [statement.target.id]
    if isinstance(statement, ast.Assign):
        return [target.id for target in statement.targets if isinstance(target, ast.Name)]
    return []


def _file_of(obj: Any) -> str:
    try:
        return relative_file(obj)
    except (OSError, TypeError, KeyError):
        return str(obj.__module__).replace(".", "/") + ".py"
