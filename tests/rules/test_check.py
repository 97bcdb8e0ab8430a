"""Checking a view against a corpus: findings by severity, rendered messages."""

from __future__ import annotations

from typing import Any

from llem.rules.check import check_view, render_message
from llem.rules.model import Corpus, Outcome, Rule, Severity
from tests.rules.factories import build_rule

OUTCOME: dict[str, Outcome] = {"error": "raise", "warn": "warn", "dormant": "ignore"}


def make_rule(
    rule_id: str, fields: dict[str, Any], severity: Severity = "error", template: str = "msg"
) -> Rule:
    normalised = {"e.s.x": None} if severity == "dormant" else {}
    return build_rule(
        rule_id,
        fields,
        severity=severity,
        outcome=OUTCOME[severity],
        normalised=normalised,
        template=template,
    )


def corpus(*rules: Rule) -> Corpus:
    return Corpus("e", "lib", "1.0", {}, rules)


VIEW = {"task": {"max_output_tokens": 64}, "e": {"s": {"x": 0.0, "do_sample": False}, "g": {}}}


def test_findings_are_sorted_by_severity_in_corpus_order() -> None:
    rules = (
        make_rule("w2", {"e.s.x": 0.0}, "warn"),
        make_rule("e1", {"e.s.x": {"<=": 0}}),
        make_rule("d1", {"e.s.do_sample": False}, "dormant"),
        make_rule("w1", {"task.max_output_tokens": {">": 10}}, "warn"),
        make_rule("e2", {"e.s.x": {">": 0}}),
        make_rule("e3", {"e.s.x": {"<=": 0}, "e.g.num_beams": {"present": True}}),
    )
    report = check_view(VIEW, corpus(*rules))
    assert [finding.rule.id for finding in report.errors] == ["e1"]
    assert [finding.rule.id for finding in report.warnings] == ["w2", "w1"]
    assert [finding.rule.id for finding in report.dormant] == ["d1"]
    assert report.ok is False


def test_a_clean_view_is_ok() -> None:
    report = check_view(VIEW, corpus(make_rule("e2", {"e.s.x": {">": 0}})))
    assert report.ok is True
    assert (report.errors, report.warnings, report.dormant) == ((), (), ())


def test_a_finding_carries_the_rule_paths_and_the_rendered_message() -> None:
    rule = make_rule(
        "e1",
        {"e.s.x": {"<=": 0}, "task.max_output_tokens": 64},
        template="x={x} n={max_output_tokens}",
    )
    (finding,) = check_view(VIEW, corpus(rule)).errors
    assert finding.rule is rule
    assert finding.paths == ("e.s.x", "task.max_output_tokens")
    assert finding.message == "x=0.0 n=64"


def render(template: str, view: dict[str, Any] = VIEW, fields: Any = None) -> str:
    return render_message(make_rule("r", fields or {"e.s.x": 0.0}, template=template), view)


def test_a_bare_placeholder_is_the_field_with_that_last_key() -> None:
    assert render("x is {x}") == "x is 0.0"
    assert render("{max_output_tokens}", fields={"e.s.x": 0.0, "task.max_output_tokens": 1}) == "64"


def test_a_bare_placeholder_falls_back_to_the_first_fields_sibling() -> None:
    assert render("do_sample={do_sample}") == "do_sample=False"


def test_a_dotted_placeholder_is_a_root_path() -> None:
    assert render("limit {task.max_output_tokens}") == "limit 64"


def test_values_render_with_str_including_none() -> None:
    view = {"e": {"s": {"x": None, "l": [1, 2]}}}
    assert render("{x} {l}", view) == "None [1, 2]"


def test_unresolvable_placeholders_stay_as_written() -> None:
    assert render("{nothing} {task.nothing} {} {x}") == "{nothing} {task.nothing} {} 0.0"


def test_doubled_braces_are_literal_braces() -> None:
    assert render("{{x}} is {x}; {{}}") == "{x} is 0.0; {}"
