"""Evaluate a corpus against a config view.

STUB: signatures are the contract; the implementation is being written.
"""

from __future__ import annotations

from llem.rules.model import Corpus, Rule, RuleReport, View


def render_message(rule: Rule, view: View) -> str:
    """The rule's ``message_template`` with ``{name}`` / ``{a.b.c}`` placeholders filled in."""
    raise NotImplementedError


def check_view(view: View, corpus: Corpus) -> RuleReport:
    """Every rule of the corpus that fires for ``view``, by severity, in corpus order."""
    raise NotImplementedError
