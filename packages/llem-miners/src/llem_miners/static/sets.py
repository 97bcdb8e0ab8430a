"""Sets built from keywords, and the tests on them that a predicate states.

``{k}`` is the set holding the keyword's value, ``set(k)`` (or ``frozenset(k)``) the set of its
elements (:class:`~llem_miners.static.scope.Collected`). ``{k}`` is never empty; ``set(k)`` is
empty when ``k`` is. ``{k}.issubset(set(s))``, ``set(s).issuperset({k})`` and ``k in set(s)``
are ``k in: "@s"`` (``s`` itself may stand for ``set(s)``); against ``{s}`` they are
``k == "@s"``. That every element of ``set(k)`` lies in another set has no predicate operator:
it is reported as such, never approximated.
"""

from __future__ import annotations

import ast

from llem_miners.static.logic import FALSE, TRUE, Dnf, atom, fail, truthiness
from llem_miners.static.scope import Collected, Scope
from llem_miners.static.text import source_text

BUILDERS = ("set", "frozenset")
SUBSET_METHODS = ("issubset", "issuperset")


def collected(node: ast.expr, scope: Scope) -> Collected | None:
    """The set ``node`` builds from a keyword (``{k}``, ``set(k)``, a local holding one)."""
    if isinstance(node, ast.Name):
        return scope.views.get(node.id)
    if isinstance(node, ast.Set) and len(node.elts) == 1:
        keyword = scope.keyword(node.elts[0])
        return Collected(keyword, single=True) if keyword else None
    if _is_builder(node) and isinstance(node, ast.Call):
        keyword = scope.keyword(node.args[0])
        return Collected(keyword, single=False) if keyword else collected(node.args[0], scope)
    return None


def nonempty(view: Collected, negated: bool) -> Dnf:
    """``if s:`` of a set built from a keyword (``not s`` when ``negated``)."""
    if view.single:
        return FALSE if negated else TRUE
    return truthiness(view.keyword, negated)


def member_of(keyword: str, container: Collected, outside: bool) -> Dnf:
    """``k in container`` (``not in`` when ``outside``)."""
    if container.single:
        return atom(keyword, "!=" if outside else "==", f"@{container.keyword}")
    return atom(keyword, "not_in" if outside else "in", f"@{container.keyword}")


def subset_test(node: ast.Call, scope: Scope, negated: bool) -> Dnf | None:
    """``a.issubset(b)`` / ``b.issuperset(a)`` (negated: not); ``None`` for another call."""
    method = node.func.attr if isinstance(node.func, ast.Attribute) else None
    if method not in SUBSET_METHODS or len(node.args) != 1 or node.keywords:
        return None
    assert isinstance(node.func, ast.Attribute)
    owner, argument = node.func.value, node.args[0]
    inner, outer = (owner, argument) if method == "issubset" else (argument, owner)
    part, whole = collected(inner, scope), _container(outer, scope)
    text = source_text(node)
    if part is None or whole is None:
        return fail(text, "a subset test of something that is not a set built from a keyword")
    if not part.single:
        reason = f"every element of `{part.keyword}` in `{whole.keyword}`: no predicate operator"
        return fail(text, reason)
    return member_of(part.keyword, whole, negated)


def _container(node: ast.expr, scope: Scope) -> Collected | None:
    keyword = scope.keyword(node)
    return Collected(keyword, single=False) if keyword else collected(node, scope)


def _is_builder(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in BUILDERS
        and len(node.args) == 1
        and not node.keywords
    )
