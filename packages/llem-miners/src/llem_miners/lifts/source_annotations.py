"""Turn the annotations and ``Field(...)`` calls of a class read off its source into the objects
pydantic would build, without importing the library.

Only what a lift can state is rebuilt: ``typing`` forms (``Optional``, ``Union``, ``Literal``,
``Annotated``, ...), ``X | None``, builtin types, pydantic's constrained aliases
(``NonNegativeInt``) and the bounds and aliases of a ``Field`` call. Every other name (a library
class, an enum, a type alias) stands for ``Any``, which no lift turns into a rule.
"""

from __future__ import annotations

import ast
import builtins
import typing
from collections.abc import Mapping
from typing import Any

import pydantic
from pydantic.fields import FieldInfo

from llem_miners.static.scope import NOT_CONSTANT, Scope

FIELD_KEYWORDS = frozenset(
    {"gt", "ge", "lt", "le", "multiple_of", "strict", "alias", "validation_alias"}
)
"""What a ``Field(...)`` call says that a lift reads (defaults and descriptions are not)."""
FIELD_FUNCTIONS = frozenset({"Field", "PydanticField"})
"""Names of ``Field`` (and of a library's thin wrappers of it, kept under the same name)."""
BUILTIN_TYPES = frozenset({"int", "float", "str", "bool", "bytes", "list", "dict", "tuple", "set"})


class Annotations:
    """Evaluates the annotation expressions of one module (``imports``: local name -> (module,
    name) of its ``from ... import``; ``constants``: the module's literal constants)."""

    def __init__(self, imports: Mapping[str, tuple[str, str]], constants: Mapping[str, Any]):
        self.imports = imports
        self.constants = constants

    def annotation(self, node: ast.expr) -> Any:
        """The typing object ``node`` writes; ``Any`` for what cannot be rebuilt."""
        try:
            return self._annotation(node)
        except (TypeError, ValueError, AttributeError):
            return Any

    def _annotation(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Constant):
            return None if node.value is None else Any  # a string is a forward reference
        if isinstance(node, ast.Name):
            return self._named(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return typing.Union[self._annotation(node.left), self._annotation(node.right)]  # noqa: UP007
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        return Any

    def _named(self, name: str) -> Any:
        module, original = self.imports.get(name, ("builtins", name))
        if module == "builtins":
            return getattr(builtins, name) if name in BUILTIN_TYPES else Any
        if module in ("typing", "typing_extensions"):
            return getattr(typing, original, Any)
        if module == "pydantic":
            return getattr(pydantic, original, Any)
        return Any

    def _subscript(self, node: ast.Subscript) -> Any:
        origin = self._annotation(node.value)
        items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if origin is typing.Literal:
            values = [Scope(frozenset(), self.constants).constant(item) for item in items]
            if any(value is NOT_CONSTANT for value in values):
                return Any
            return typing.Literal[tuple(values)]
        if origin is typing.Annotated:
            metadata = [self.field(item) for item in items[1:]]
            kept = [item for item in metadata if item is not None]
            inner = self._annotation(items[0])
            return typing.Annotated[(inner, *kept)] if kept else inner
        if origin is Any:
            return Any
        arguments = tuple(self._annotation(item) for item in items)
        return origin[arguments if len(arguments) > 1 else arguments[0]]

    def field(self, node: ast.expr | None) -> FieldInfo | None:
        """The ``FieldInfo`` of a ``Field(...)`` call (its bounds and aliases); ``None`` when
        ``node`` is no such call."""
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            return None
        if node.func.id not in FIELD_FUNCTIONS:
            return None
        scope = Scope(frozenset(), self.constants)
        values = {item.arg: scope.constant(item.value) for item in node.keywords}
        kwargs = {
            key: value
            for key, value in values.items()
            if key in FIELD_KEYWORDS and value is not NOT_CONSTANT
        }
        info: FieldInfo = pydantic.Field(default=None, **kwargs)
        return info


def module_imports(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Local name -> ``(module, name)`` for every top-level ``from module import name``."""
    found: dict[str, tuple[str, str]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            for alias in statement.names:
                found[alias.asname or alias.name] = (statement.module, alias.name)
    return found
