"""Message templates read off raise / warning / warn-sink message expressions."""

from __future__ import annotations

import ast

import pytest

from llem_miners.static.messages import message_parts, template
from llem_miners.static.scope import Scope


def template_of(source: str) -> str | None:
    scope = Scope(frozenset({"self"}), {"CACHES": ("a", "b")}, aliases={"penalty": "rep"})
    scope.bind("name", constant="cache_config")
    scope.bind("base", message=[("text", "Use `{flag}` with {value!r}.")])
    return template(message_parts(ast.parse(source, mode="eval").body, scope))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("'plain text'", "plain text"),
        ("f'`top_k` is {self.top_k}, not {other}'", "`top_k` is {top_k}, not {value}"),
        ("f'`{name}` is ignored'", "`cache_config` is ignored"),
        ("f'{name!r} is ignored'", "'cache_config' is ignored"),
        ("f'a ' f'b {penalty}'", "a b {rep}"),
        ("f'a ' 'literal {penalty}'", "a literal"),
        ("'a ' + f'{self.x}' + str(self.y)", "a {x}{value}"),
        ("'`penalty` is {}, not {}'.format(penalty, 'x')", "`penalty` is {rep}, not x"),
        ("'{n} of {flag}'.format(n=self.num_beams, flag='top_p')", "{num_beams} of top_p"),
        ("base.format(flag='top_p', value=self.top_p)", "Use `top_p` with {top_p}."),
        ("'got %s and %d%%' % (self.a, 3)", "got {a} and 3%"),
        ("'got %(x)s' % {'x': self.b}", "got {b}"),
        ("f'one of {CACHES}; use {{x}} instead of the default'", "instead of the default"),
    ],
)
def test_templates(source: str, expected: str) -> None:
    assert template_of(source) == expected


@pytest.mark.parametrize("source", ["build_message(self)", "f'{self.a}'", "self.message", "'{}'"])
def test_no_literal_text_is_no_template(source: str) -> None:
    assert template_of(source) is None
