"""Message templates read off the message expression of a raise, a warning or a warn sink.

A message is a list of :data:`Part`: literal text, or a slot (a formatted value) named after the
keyword it shows, else ``value``. String constants, f-strings, ``+``, ``%`` and ``.format(...)``
(on a literal or a local message) are read; a part that cannot be read becomes a ``value`` slot.
:func:`template` joins the parts into ``{placeholder}`` text, cut to the longest run free of
literal braces (which a template could not express), or ``None`` when no literal text is left.
"""

from __future__ import annotations

import ast
import re
import string

from llem_miners.static.scope import MessageParts, Scope

Part = tuple[str, str]
"""``("text", literal)`` or ``("slot", name)`` (:data:`MessageParts` is a list of them)."""
PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*\d*(?:\.\d+)?(?P<kind>[sdrifgeExXoc%])")
UNKNOWN: MessageParts = [("slot", "value")]


def message_parts(node: ast.expr, scope: Scope) -> MessageParts | None:
    """The parts of message expression ``node``; ``None`` when none of it is readable."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [("text", node.value)]
    if isinstance(node, ast.JoinedStr):
        return [_joined_part(value, scope) for value in node.values]
    if isinstance(node, ast.Name) and node.id in scope.messages:
        return list(scope.messages[node.id])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = message_parts(node.left, scope), message_parts(node.right, scope)
        if left is None and right is None:
            return None
        return (left or UNKNOWN) + (right or UNKNOWN)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _percent(node, scope)
    if isinstance(node, ast.Call) and _method(node) == "format":
        return _format(node, scope)
    return None


def template(parts: MessageParts | None) -> str | None:
    """The ``{placeholder}`` template of ``parts``, or ``None`` without literal text."""
    if parts is None:
        return None
    best = max(_brace_free_runs(parts), key=_literal_length)
    if _literal_length(best) == 0:
        return None
    return "".join(text if kind == "text" else "{" + text + "}" for kind, text in best).strip()


def _brace_free_runs(parts: MessageParts) -> list[MessageParts]:
    runs: list[MessageParts] = [[]]
    for kind, text in parts:
        if kind == "slot":
            runs[-1].append((kind, text))
            continue
        pieces = re.split(r"[{}]", text)
        runs[-1].append(("text", pieces[0]))
        runs.extend([("text", piece)] for piece in pieces[1:])
    return runs


def _literal_length(run: MessageParts) -> int:
    return sum(len(text.strip()) for kind, text in run if kind == "text")


def _joined_part(value: ast.expr, scope: Scope) -> Part:
    if isinstance(value, ast.Constant):
        return ("text", str(value.value))
    if isinstance(value, ast.FormattedValue):
        shown = _argument_part(value.value, scope)
        if shown[0] == "text" and value.conversion == ord("r"):
            return ("text", repr(scope.constant(value.value)))
        return shown
    return ("slot", "value")


def _slot(node: ast.expr, scope: Scope) -> Part:
    return ("slot", scope.keyword(node) or "value")


def _argument_part(node: ast.expr, scope: Scope) -> Part:
    value = scope.constant(node)
    if isinstance(value, str | int | float):
        return ("text", str(value))
    return _slot(node, scope)


def _raw(node: ast.expr, scope: Scope) -> str | None:
    parts = message_parts(node, scope)
    if parts is None or any(kind == "slot" for kind, _ in parts):
        return None
    return "".join(text for _, text in parts)


def _format(node: ast.Call, scope: Scope) -> MessageParts | None:
    assert isinstance(node.func, ast.Attribute)
    raw = _raw(node.func.value, scope)
    if raw is None:
        return None
    named = {item.arg: item.value for item in node.keywords if item.arg}
    parts: MessageParts = []
    position = 0
    for literal, field, _spec, _conversion in string.Formatter().parse(raw):
        parts.append(("text", literal))
        if field is None:
            continue
        name = re.split(r"[.\[]", field)[0]
        if name == "":
            name, position = str(position), position + 1
        argument = node.args[int(name)] if name.isdigit() and int(name) < len(node.args) else None
        argument = named.get(name, argument)
        parts.append(("slot", "value") if argument is None else _argument_part(argument, scope))
    return parts


def _percent(node: ast.BinOp, scope: Scope) -> MessageParts | None:
    raw = _raw(node.left, scope)
    if raw is None:
        return None
    values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
    named = _dict_items(node.right)
    parts: MessageParts = []
    position, start = 0, 0
    for match in PERCENT.finditer(raw):
        parts.append(("text", raw[start : match.start()]))
        start = match.end()
        if match.group("kind") == "%":
            parts.append(("text", "%"))
        elif match.group("name") is not None and match.group("name") in named:
            parts.append(_argument_part(named[match.group("name")], scope))
        else:
            known = values[position] if position < len(values) else None
            parts.append(("slot", "value") if known is None else _argument_part(known, scope))
            position += 1
    parts.append(("text", raw[start:]))
    return parts


def _method(node: ast.Call) -> str | None:
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _dict_items(node: ast.expr) -> dict[str, ast.expr]:
    if not isinstance(node, ast.Dict):
        return {}
    return {
        key.value: value
        for key, value in zip(node.keys, node.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }
