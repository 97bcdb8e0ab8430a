"""Evaluate a corpus against a config view."""

from __future__ import annotations

import re

from llem.rules.model import Corpus, Finding, Rule, RuleReport, View
from llem.rules.predicates import MISSING, lookup

PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
"""``{{`` / ``}}`` (escaped braces) or a ``{placeholder}``."""


def render_message(rule: Rule, view: View) -> str:
    """The rule's ``message_template`` with ``{name}`` / ``{a.b.c}`` placeholders filled in.

    ``{a.b}`` is a path from the root; ``{name}`` the rule's field whose last key is ``name``, else
    ``name`` beside the rule's first field. Values render with ``str()``; a placeholder that names
    nothing in the view stays as written; ``{{`` and ``}}`` render as ``{`` and ``}``."""

    template = rule.message_template
    if "{" not in template and "}" not in template:
        return template
    return PLACEHOLDER.sub(lambda match: _fill(match, rule, view), template)


def _fill(match: re.Match[str], rule: Rule, view: View) -> str:
    name = match.group(1)
    if name is None:
        return match.group(0)[0]
    value = lookup(view, placeholder_path(rule, name))
    return match.group(0) if value is MISSING else str(value)


def placeholder_path(rule: Rule, name: str) -> str:
    """The config path a placeholder name stands for in ``rule``'s message."""
    if "." in name or not rule.paths:
        return name
    for path in rule.paths:
        if path.rpartition(".")[2] == name:
            return path
    parent = rule.paths[0].rpartition(".")[0]
    return f"{parent}.{name}" if parent else name


def check_view(view: View, corpus: Corpus) -> RuleReport:
    """Every rule of the corpus that fires for ``view``, by severity, in corpus order."""
    found: dict[str, list[Finding]] = {"error": [], "warn": [], "dormant": []}
    for rule in corpus.rules:
        if rule.matches(view):
            found[rule.severity].append(Finding(rule, render_message(rule, view), rule.paths))
    return RuleReport(
        errors=tuple(found["error"]), warnings=tuple(found["warn"]), dormant=tuple(found["dormant"])
    )
