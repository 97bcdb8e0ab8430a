"""What a name or expression stands for inside a mined function: a keyword, a constant, a message.

A keyword is an attribute of a subject (``self.top_k``), a function parameter (renamed through
the target's ``parameters``), ``getattr(self, "top_k")``, or a local assigned from one of those
(``temperature = self.temperature``, ``top_p = float(top_p)``). Private attributes (``self._x``)
are not keywords. Constants are literals, module-level names bound to literal values, literal
locals and loop variables over literal collections, and ``+`` of those. A local may also hold a
set built from a keyword (:class:`Collected`, see :mod:`~llem_miners.static.sets`), or be
*split*: assigned from ``a if test else b``, it holds ``a`` under ``test`` and ``b`` under its
negation, and a condition that reads it is translated once per branch.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from llem_miners.static.logic import Dnf

NOT_CONSTANT: Any = object()
"""What :meth:`Scope.constant` returns for an expression with no literal value."""
COERCIONS = ("float", "int", "str", "bool")
"""Calls that keep a keyword the same keyword (``top_p = float(top_p)``)."""
LITERAL_SCALARS = (type(None), bool, int, float, str)
MessageParts = list[tuple[str, str]]
"""A message read off the source (see :mod:`llem_miners.static.messages`)."""


@attrs.frozen
class Collected:
    """A set built from a keyword: ``{k}`` (``single``: holding the value itself) or ``set(k)``
    (holding its elements)."""

    keyword: str
    single: bool


@attrs.frozen
class Binding:
    """What a local holds: a keyword, a literal, a message or a set built from a keyword."""

    alias: str | None = None
    constant: Any = NOT_CONSTANT
    message: MessageParts | None = None
    view: Collected | None = None

    @property
    def known(self) -> bool:
        """Whether a condition can read anything off it (a message alone says nothing)."""
        return self.alias is not None or self.view is not None or self.constant is not NOT_CONSTANT


Branches = tuple[tuple[Dnf, Binding], ...]
"""A split local: each condition with what the local holds under it."""


@attrs.define
class Scope:
    """The names of one function being walked (changed as its assignments are met)."""

    subjects: frozenset[str]
    globals: Mapping[str, Any]
    aliases: dict[str, str] = attrs.field(factory=dict)
    constants: dict[str, Any] = attrs.field(factory=dict)
    messages: dict[str, MessageParts] = attrs.field(factory=dict)
    locals: set[str] = attrs.field(factory=set)
    views: dict[str, Collected] = attrs.field(factory=dict)
    splits: dict[str, Branches] = attrs.field(factory=dict)
    renames: Mapping[str, str] = attrs.field(factory=dict)
    """Subject attributes whose keyword has another name (the target's ``parameters``: a
    processor keeps ``bad_words_ids`` as ``self.bad_word_ids``)."""

    def keyword(self, node: ast.expr) -> str | None:
        """The keyword ``node`` reads, if it reads one directly."""
        if isinstance(node, ast.Attribute) and self.is_subject(node.value):
            attribute = node.attr
            return None if attribute.startswith("_") else self.renames.get(attribute, attribute)
        if isinstance(node, ast.Name) and node.id not in self.constants:
            return self.aliases.get(node.id)
        if _is_call(node, "getattr") and isinstance(node, ast.Call) and len(node.args) >= 2:
            name = self.constant(node.args[1]) if self.is_subject(node.args[0]) else None
            return name if isinstance(name, str) and not name.startswith("_") else None
        return None

    def coerced_keyword(self, node: ast.expr) -> str | None:
        """Like :meth:`keyword`, also through a coercion (``float(top_p)``)."""
        coercion = isinstance(node, ast.Call) and _callee(node) in COERCIONS
        if coercion and isinstance(node, ast.Call) and len(node.args) == 1 and not node.keywords:
            return self.keyword(node.args[0])
        return self.keyword(node)

    def is_subject(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in self.subjects

    def constant(self, node: ast.expr) -> Any:
        """The literal value of ``node``, or :data:`NOT_CONSTANT`."""
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        if isinstance(node, ast.Name):
            return self._named_constant(node.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _added(self.constant(node.left), self.constant(node.right))
        return NOT_CONSTANT

    def resolve(self, node: ast.expr) -> Any:
        """The module-level object ``node`` names (``torch.dtype``), or :data:`NOT_CONSTANT`."""
        if isinstance(node, ast.Name) and node.id not in self.locals:
            default = getattr(builtins, node.id, NOT_CONSTANT)
            return self.globals.get(node.id, default)
        if isinstance(node, ast.Attribute):
            owner = self.resolve(node.value)
            return (
                NOT_CONSTANT if owner is NOT_CONSTANT else getattr(owner, node.attr, NOT_CONSTANT)
            )
        return NOT_CONSTANT

    def _named_constant(self, name: str) -> Any:
        if name in self.constants:
            return self.constants[name]
        if name in self.locals or name not in self.globals:
            return NOT_CONSTANT
        value = self.globals[name]
        return value if is_literal(value) else NOT_CONSTANT

    def bind(
        self,
        name: str,
        *,
        alias: str | None = None,
        constant: Any = NOT_CONSTANT,
        message: MessageParts | None = None,
        view: Collected | None = None,
    ) -> None:
        """Record what local ``name`` now holds (forgetting what it held before)."""
        self.forget(name)
        if alias is not None:
            self.aliases[name] = alias
        if constant is not NOT_CONSTANT:
            self.constants[name] = constant
        if message is not None:
            self.messages[name] = message
        if view is not None:
            self.views[name] = view

    def assign(self, name: str, binding: Binding) -> None:
        """Record that local ``name`` now holds ``binding``."""
        self.bind(
            name,
            alias=binding.alias,
            constant=binding.constant,
            message=binding.message,
            view=binding.view,
        )

    def split(self, name: str, branches: Branches) -> None:
        """Record that local ``name`` holds one binding per branch condition."""
        self.forget(name)
        self.splits[name] = branches

    def binding(self, name: str) -> Binding:
        """What local ``name`` holds now (outside its branches, if split)."""
        return Binding(
            self.aliases.get(name),
            self.constants.get(name, NOT_CONSTANT),
            self.messages.get(name),
            self.views.get(name),
        )

    @contextlib.contextmanager
    def branch(self, name: str, binding: Binding) -> Iterator[None]:
        """Local ``name`` holding ``binding`` for a while (one branch of a split)."""
        saved, branches = self.binding(name), self.splits.get(name)
        self.assign(name, binding)
        try:
            yield
        finally:
            self.assign(name, saved)
            if branches is not None:
                self.splits[name] = branches

    def forget(self, name: str) -> None:
        """``name`` is a local holding something unknown."""
        self.locals.add(name)
        self.aliases.pop(name, None)
        self.constants.pop(name, None)
        self.messages.pop(name, None)
        self.views.pop(name, None)
        self.splits.pop(name, None)


def is_literal(value: Any) -> bool:
    """Whether ``value`` is only ``None``, bools, numbers, strings and collections of them."""
    if isinstance(value, LITERAL_SCALARS):
        return True
    if isinstance(value, tuple | list | set | frozenset):
        return all(is_literal(item) for item in value)
    if isinstance(value, dict):
        return all(is_literal(key) and is_literal(item) for key, item in value.items())
    return False


def _added(left: Any, right: Any) -> Any:
    if left is NOT_CONSTANT or right is NOT_CONSTANT:
        return NOT_CONSTANT
    try:
        return left + right
    except TypeError:
        return NOT_CONSTANT


def _is_call(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Call) and _callee(node) == name


def _callee(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else None


def parameter_aliases(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    subjects: Iterable[str],
    renames: Mapping[str, str],
) -> dict[str, str]:
    """Each named parameter of the function that is not a subject -> its keyword."""
    arguments = node.args
    names = [arg.arg for arg in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]
    skip = {*subjects, "self", "cls"}
    return {name: renames.get(name, name) for name in names if name not in skip}
