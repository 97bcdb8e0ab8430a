"""Turn the :class:`~llem_miners.static.walker.Site` of a function into candidates and unmined
constructs.

Each alternative of a site's condition (the conjunction of its enclosing conditions) is one
candidate; an alternative that could not be translated, a condition that names no keyword, a
message with no literal text or a rule with no example values is reported as unmined instead.
A literal bound a sibling bound implies is dropped first (:mod:`~llem_miners.static.bounds`);
what that assumes is added to the candidate's description.
Effect sinks (``processors.append(...)`` under ``C``): the keyword ``k`` of the innermost
condition about a single keyword is dormant when the conditions about ``k`` alone fail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from llem.records import MineTarget
from llem_miners.candidate import Candidate, MineResult, Unmined, Where
from llem_miners.examples import examples
from llem_miners.static.bounds import sibling_bounds
from llem_miners.static.fields import Conflict, Unsatisfiable, merge
from llem_miners.static.logic import (
    Atom,
    Dnf,
    Failure,
    conjoin,
    disjoin,
    keywords_of,
    only_presence,
)
from llem_miners.static.messages import template
from llem_miners.static.walker import Entry, Site

MINER = "static_miner"
KINDS = {
    "raise": ("error", "raise"),
    "warn": ("warn", "warn"),
    "warn_sink": ("dormant", "warn"),
    "normalise": ("dormant", "normalise"),
    "effect": ("dormant", "ignore"),
}


@attrs.frozen
class Rule:
    """What a site states once its kind is read: the condition, the keyword to put first, the
    message template and the normalised values."""

    condition: Dnf
    first: str | None
    message: str
    normalised: Mapping[str, Any]


@attrs.frozen
class Builder:
    """Builds one function's results (``types``: keyword -> type name, for the examples)."""

    target: MineTarget
    file: str
    method: str
    types: Mapping[str, str] = attrs.field(factory=dict)

    def build(self, site: Site, line: int) -> MineResult:
        where = Where(self.file, self.method, line)
        if site.problem is not None:
            return self._unmined(where, site.text, site.problem)
        rule = self._rule(site)
        if isinstance(rule, str):
            return self._unmined(where, site.text, rule) if rule else MineResult()
        order = _order(rule.first, site.conditions)
        results = [self._alternative(site, rule, alt, order, where) for alt in rule.condition]
        return sum(results, MineResult())

    def _rule(self, site: Site) -> Rule | str:
        """The site's rule, or why there is none (``""``: not a rule, nothing to report)."""
        if site.kind == "effect":
            return _effect_rule(site)
        if site.kind == "normalise":
            return _normalise_rule(site)
        if not site.conditions:
            return "no condition guards it"
        message = template(site.parts)
        if message is None:
            return "its message has no literal text"
        normalised = {site.keyword: None} if site.kind == "warn_sink" and site.keyword else {}
        condition = conjoin(*(entry.holds for entry in site.conditions))
        return Rule(condition, site.keyword, message, normalised)

    def _alternative(
        self,
        site: Site,
        rule: Rule,
        alternative: tuple[Atom, ...] | Failure,
        order: Sequence[str],
        where: Where,
    ) -> MineResult:
        if isinstance(alternative, Failure):
            return self._unmined(where, alternative.text, alternative.reason)
        resolved = sibling_bounds(alternative)
        try:
            fields = merge(resolved.atoms, order)
        except Unsatisfiable:
            return MineResult()
        except Conflict as conflict:
            return self._unmined(
                where, _conditions_text(site), f"conflicting predicates: {conflict}"
            )
        if not fields:
            return self._unmined(where, _conditions_text(site), "the condition names no keyword")
        kwargs = examples(fields, self._example_types(fields))
        if kwargs is None:
            return self._unmined(where, _conditions_text(site), "no example values")
        severity, outcome = KINDS[site.kind]
        candidate = Candidate(
            native_type=self.target.native_type,
            severity=severity,  # type: ignore[arg-type]
            fields=fields,
            kwargs_positive=kwargs[0],
            kwargs_negative=kwargs[1],
            expected_outcome=outcome,  # type: ignore[arg-type]
            message_template=rule.message,
            where=where,
            added_by=MINER,
            normalised=dict(rule.normalised),
            description=_description(site, rule, resolved.assumptions),
        )
        return MineResult(candidates=(candidate,))

    def _example_types(self, fields: Mapping[str, Any]) -> dict[str, str]:
        """The known types of the keywords, and ``list`` for one only a membership test looks
        into (``k in: "@s"`` fires only when ``s`` is a collection)."""
        types = {key: kind for key, kind in self.types.items() if key in fields}
        for spec in fields.values():
            for op, operand in spec.items() if isinstance(spec, Mapping) else ():
                if op in ("in", "not_in") and isinstance(operand, str) and operand[:1] == "@":
                    types.setdefault(operand[1:], "list")
        return types

    def _unmined(self, where: Where, construct: str, reason: str) -> MineResult:
        return MineResult(unmined=(Unmined(where, construct, reason, MINER),))


def _description(site: Site, rule: Rule, assumptions: Sequence[str]) -> str:
    described = rule.message.splitlines()[0] if rule.message else _conditions_text(site)
    return " ".join((described, *(f"({assumption})" for assumption in assumptions)))


def _normalise_rule(site: Site) -> Rule | str:
    keyword = site.keyword or ""
    mentioned = [keywords_of(entry.holds) or () for entry in site.conditions]
    if not any(keyword in names for names in mentioned):
        return ""
    if not isinstance(site.value, type(None) | bool | int | float | str):
        return f"`{keyword}` is set to a value that is not a literal"
    condition = conjoin(*(entry.holds for entry in site.conditions))
    message = f"`{keyword}` is set to {site.value!r}".replace("{", "").replace("}", "")
    return Rule(condition, keyword, message, {keyword: site.value})


def _effect_rule(site: Site) -> Rule | str:
    conjuncts = [part for entry in site.conditions for part in entry.conjuncts()]
    keyword = _effect_keyword(conjuncts)
    if keyword is None:
        return "no enclosing condition is about a single keyword"
    about = [entry for entry in conjuncts if keywords_of(entry.holds) == (keyword,)]
    if only_presence(conjoin(*(entry.holds for entry in about))):
        return f"`{keyword}` is only tested for presence"
    ignored = disjoin(*(entry.fails for entry in about))
    kept = tuple(alt for alt in ignored if not _absent(alt, keyword))
    callee = site.text.partition("(")[0]
    texts = " and ".join(entry.text for entry in about)
    message = f"`{keyword}` has no effect unless {texts} (no {callee})"
    return Rule(kept, keyword, message.replace("{", "").replace("}", ""), {keyword: None})


def _effect_keyword(conditions: Sequence[Entry]) -> str | None:
    for entry in reversed(conditions):
        names = keywords_of(entry.holds)
        if names is not None and len(names) == 1:
            return names[0]
    return None


def _absent(alternative: tuple[Atom, ...] | Failure, keyword: str) -> bool:
    if isinstance(alternative, Failure):
        return False
    return any(item.keyword == keyword and item.op == "absent" for item in alternative)


def _order(first: str | None, conditions: Sequence[Entry]) -> list[str]:
    names = [first] if first else []
    for entry in reversed(conditions):
        names.extend(name for name in keywords_of(entry.holds) or () if name not in names)
    return names


def _conditions_text(site: Site) -> str:
    return " and ".join(entry.text for entry in site.conditions) or site.text
