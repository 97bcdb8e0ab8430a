"""Walk a function body with the stack of enclosing conditions, collecting the sites that may be
rules: raises and asserts, warnings, warn-sink assignments, subject attribute overwrites and
effect-sink calls.

``if`` bodies run under the test, ``else`` / ``elif`` under its negation, and the code after an
``if`` whose one branch always returns (``if x is None: return``) under the other branch's
condition; code after a ``return`` or ``raise`` is never reached. A ``for`` over a literal
collection is unrolled (the loop variable is a constant in each pass); the body of any other loop,
of a ``while`` and of an ``except`` handler runs under an opaque condition, so whatever is found
there is reported as unmined. Local assignments update the :class:`~llem_miners.static.scope.Scope`;
one from ``a if test else b`` splits the local into its two branches when either says something
(a keyword, a literal, a set built from a keyword).
"""

from __future__ import annotations

import ast
import builtins
from typing import Any

import attrs

from llem.records import MineTarget
from llem_miners.static.conditions import Translator
from llem_miners.static.logic import Dnf, Failure, fail
from llem_miners.static.messages import message_parts
from llem_miners.static.scope import NOT_CONSTANT, Binding, MessageParts, Scope
from llem_miners.static.sets import collected
from llem_miners.static.text import source_text
from llem_miners.values import same

WARN_METHODS = ("warning", "warning_once", "warn")
LITERAL_COLLECTIONS = (tuple, list, set, frozenset)


@attrs.frozen
class Entry:
    """An enclosing condition: its source text, the condition under which the code runs, and
    the condition under which it does not."""

    text: str
    holds: Dnf
    fails: Dnf
    parts: tuple[Entry, ...] = ()

    def conjuncts(self) -> tuple[Entry, ...]:
        """The operands of a top-level ``and`` as entries of their own (else just this one)."""
        return self.parts or (self,)


@attrs.frozen
class Site:
    """A statement that may state a rule. ``kind``: ``raise``, ``warn``, ``warn_sink``,
    ``normalise`` or ``effect``; ``keyword``: the sink key, overwritten attribute or ``None``;
    ``value``: the literal assigned (``normalise``); ``problem``: why it cannot be a rule."""

    kind: str
    node: ast.stmt
    conditions: tuple[Entry, ...]
    parts: MessageParts | None = None
    keyword: str | None = None
    value: Any = NOT_CONSTANT
    problem: str | None = None

    @property
    def text(self) -> str:
        return source_text(self.node)


@attrs.define
class Walker:
    """Collects the :class:`Site` of one function (``sites``, in source order)."""

    target: MineTarget
    translator: Translator
    sites: list[Site] = attrs.field(factory=list)
    tested: list[tuple[str, Any]] = attrs.field(factory=list)
    """(keyword, operand) of every atom the ``if`` tests state, in source order."""

    def walk(self, body: list[ast.stmt], stack: tuple[Entry, ...] = ()) -> None:
        for statement in body:
            self.statement(statement, stack)
            if exits(statement):
                return  # what follows never runs
            if isinstance(statement, ast.If):
                stack = (*stack, *self._after(statement))

    def statement(self, node: ast.stmt, stack: tuple[Entry, ...]) -> None:
        handler = getattr(self, f"_{type(node).__name__.lower()}", None)
        if handler is not None:
            handler(node, stack)

    def _if(self, node: ast.If, stack: tuple[Entry, ...]) -> None:
        text = source_text(node.test)
        holds = self.translator.translate(node.test)
        fails = self.translator.translate(node.test, negated=True)
        self._note_tested(holds)
        parts: tuple[Entry, ...] = ()
        if isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.And):
            parts = tuple(self._entry(value) for value in node.test.values)
        self.walk(node.body, (*stack, Entry(text, holds, fails, parts)))
        self.walk(node.orelse, (*stack, Entry(f"not ({text})", fails, holds)))

    def _note_tested(self, condition: Dnf) -> None:
        for alternative in condition:
            if isinstance(alternative, Failure):
                continue
            for item in alternative:
                pair = (item.keyword, item.operand)
                if not any(pair[0] == k and same(pair[1], o) for k, o in self.tested):
                    self.tested.append(pair)

    def _after(self, node: ast.If) -> tuple[Entry, ...]:
        """What holds after an ``if`` one of whose branches always returns (``if x is None:
        return``): the code below runs only under the other branch. A branch that raises adds
        nothing: where it raises, the configuration is an error already."""
        body_exits, else_exits = branch_exits(node.body), branch_exits(node.orelse)
        if body_exits == else_exits:
            return ()
        entry = self._entry(node.test)
        if body_exits and returns(node.body):
            return (Entry(f"not ({entry.text})", entry.fails, entry.holds),)
        if else_exits and returns(node.orelse):
            return (entry,)
        return ()

    def _entry(self, test: ast.expr) -> Entry:
        translate = self.translator.translate
        return Entry(source_text(test), translate(test), translate(test, negated=True))

    def _for(self, node: ast.For, stack: tuple[Entry, ...]) -> None:
        values = self.scope.constant(node.iter)
        if isinstance(node.target, ast.Name) and isinstance(values, LITERAL_COLLECTIONS):
            ordered = sorted(values, key=repr) if isinstance(values, set | frozenset) else values
            for value in ordered:
                self.scope.bind(node.target.id, constant=value)
                self.walk(node.body, stack)
            self.scope.forget(node.target.id)
        else:
            self._forget_targets(node.target)
            header = f"for {source_text(node.target)} in {source_text(node.iter)}"
            self.walk(
                node.body, (*stack, opaque(header, "inside a loop over a non-literal collection"))
            )
        self.walk(node.orelse, stack)

    def _while(self, node: ast.While, stack: tuple[Entry, ...]) -> None:
        entry = opaque(f"while {source_text(node.test)}", "inside a while loop")
        self.walk(node.body, (*stack, entry))
        self.walk(node.orelse, stack)

    def _try(self, node: ast.Try, stack: tuple[Entry, ...]) -> None:
        self.walk(node.body, stack)
        for handler in node.handlers:
            caught = source_text(handler.type) if handler.type else ""
            entry = opaque(f"except {caught}".strip(), "inside an exception handler")
            self.walk(handler.body, (*stack, entry))
        self.walk(node.orelse, stack)
        self.walk(node.finalbody, stack)

    def _with(self, node: ast.With, stack: tuple[Entry, ...]) -> None:
        self.walk(node.body, stack)

    def _raise(self, node: ast.Raise, stack: tuple[Entry, ...]) -> None:
        if node.exc is None:
            return
        call = node.exc if isinstance(node.exc, ast.Call) else None
        name = _dotted(call.func if call else node.exc).rpartition(".")[2]
        problem = None if self._is_error(name) else f"raises {name}, not an error type"
        parts = message_parts(call.args[0], self.scope) if call and call.args else None
        self.sites.append(Site("raise", node, stack, parts, problem=problem))

    def _assert(self, node: ast.Assert, stack: tuple[Entry, ...]) -> None:
        text = source_text(node.test)
        failing = Entry(
            f"not ({text})",
            self.translator.translate(node.test, negated=True),
            self.translator.translate(node.test),
        )
        parts = message_parts(node.msg, self.scope) if node.msg else None
        self.sites.append(Site("raise", node, (*stack, failing), parts))

    def _expr(self, node: ast.Expr, stack: tuple[Entry, ...]) -> None:
        if not isinstance(node.value, ast.Call):
            return
        callee = _dotted(node.value.func)
        if callee in self.target.effect_sinks:
            self.sites.append(Site("effect", node, stack))
        elif _is_warning(callee):
            args = node.value.args
            parts = message_parts(args[0], self.scope) if args else None
            self.sites.append(Site("warn", node, stack, parts))

    def _assign(self, node: ast.Assign, stack: tuple[Entry, ...]) -> None:
        for target in node.targets:
            self._assign_to(target, node.value, node, stack)

    def _annassign(self, node: ast.AnnAssign, stack: tuple[Entry, ...]) -> None:
        if node.value is not None:
            self._assign_to(node.target, node.value, node, stack)

    def _augassign(self, node: ast.AugAssign, stack: tuple[Entry, ...]) -> None:
        name = node.target.id if isinstance(node.target, ast.Name) else None
        if name is not None and not (isinstance(node.op, ast.Add) and name in self.scope.messages):
            self.scope.forget(name)

    def _assign_to(
        self, target: ast.expr, value: ast.expr, node: ast.stmt, stack: tuple[Entry, ...]
    ) -> None:
        if isinstance(target, ast.Subscript) and _name(target.value) in self.target.warn_sinks:
            self._warn_sink(target, value, node, stack)
        elif isinstance(target, ast.Attribute) and self.scope.is_subject(target.value):
            constant = self.scope.constant(value)
            self.sites.append(Site("normalise", node, stack, keyword=target.attr, value=constant))
        elif isinstance(target, ast.Name):
            self._bind(target.id, value)
        else:
            self._forget_targets(target)

    def _warn_sink(
        self, target: ast.Subscript, value: ast.expr, node: ast.stmt, stack: tuple[Entry, ...]
    ) -> None:
        key = self.scope.constant(target.slice)
        parts = message_parts(value, self.scope)
        if isinstance(key, str):
            self.sites.append(Site("warn_sink", node, stack, parts, keyword=key))
        else:
            problem = "a warn-sink key that is not a literal keyword name"
            self.sites.append(Site("warn_sink", node, stack, parts, problem=problem))

    def _bind(self, name: str, value: ast.expr) -> None:
        if isinstance(value, ast.IfExp) and self._split(name, value):
            return
        self.scope.assign(name, self._binding(value))

    def _binding(self, value: ast.expr) -> Binding:
        alias = self.scope.coerced_keyword(value)
        view = None if alias else collected(value, self.scope)
        if alias or view:
            return Binding(alias=alias, view=view)
        message = message_parts(value, self.scope)
        return Binding(constant=self.scope.constant(value), message=message)

    def _split(self, name: str, value: ast.IfExp) -> bool:
        body, orelse = self._binding(value.body), self._binding(value.orelse)
        if not (body.known or orelse.known):
            return False
        holds = self.translator.translate(value.test)
        fails = self.translator.translate(value.test, negated=True)
        self.scope.split(name, ((holds, body), (fails, orelse)))
        return True

    def _forget_targets(self, target: ast.expr) -> None:
        for child in ast.walk(target):
            if isinstance(child, ast.Name):
                self.scope.forget(child.id)

    def _is_error(self, name: str) -> bool:
        if name in self.target.error_types:
            return True
        kind = getattr(builtins, name, None)
        return isinstance(kind, type) and issubclass(kind, Exception)

    @property
    def scope(self) -> Scope:
        return self.translator.scope


EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def exits(statement: ast.stmt) -> bool:
    """Whether running ``statement`` always leaves the enclosing block (a ``return``, ``raise``,
    ``continue`` or ``break``, or an ``if`` whose every branch does)."""
    if isinstance(statement, EXITS):
        return True
    if isinstance(statement, ast.If):
        return branch_exits(statement.body) and branch_exits(statement.orelse)
    return False


def branch_exits(body: list[ast.stmt]) -> bool:
    return any(exits(statement) for statement in body)


def returns(body: list[ast.stmt]) -> bool:
    """Whether a block that always exits may do so quietly (a ``return``, ``continue`` or
    ``break``), not only by raising."""
    for statement in body:
        if isinstance(statement, ast.Return | ast.Continue | ast.Break):
            return True
        if isinstance(statement, ast.If) and exits(statement):
            return returns(statement.body) or returns(statement.orelse)
        if isinstance(statement, ast.Raise):
            return False
    return False


def opaque(text: str, reason: str) -> Entry:
    """An enclosing condition the miner cannot state (a loop, an exception handler)."""
    condition = fail(text, reason)
    return Entry(text, condition, condition)


def _is_warning(callee: str) -> bool:
    owner, _, method = callee.rpartition(".")
    if callee == "warnings.warn":
        return True
    owner_name = owner.rpartition(".")[2].lower()
    return method in WARN_METHODS and owner_name.endswith(("logger", "log"))


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return source_text(node)


def _name(node: ast.expr) -> str | None:
    return node.id if isinstance(node, ast.Name) else None
