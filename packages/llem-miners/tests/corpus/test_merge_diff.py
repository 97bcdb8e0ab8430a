"""Merging mined rules into a hand corpus (manual rules win), and the diff a maintainer reads."""

from __future__ import annotations

from typing import Any

from llem_miners.diff import diff_corpora, summary
from llem_miners.merge import dedupe, merge, rule_fingerprint


def rule(
    rule_id: str, fields: dict[str, Any], severity: str = "error", by: str = "static_miner"
) -> dict[str, Any]:
    return {
        "id": rule_id,
        "native_type": "Params",
        "severity": severity,
        "match": {"fields": fields},
        "added_by": by,
    }


def test_fingerprints_ignore_list_order_and_ids() -> None:
    first = rule("a", {"p.mode": {"not_in": ["x", "y"]}})
    second = rule("b", {"p.mode": {"not_in": ["y", "x"]}})
    assert rule_fingerprint(first) == rule_fingerprint(second)
    assert rule_fingerprint(first) != rule_fingerprint(rule("c", {"p.mode": {"in": ["x", "y"]}}))


def test_dedupe_keeps_the_first_of_each_fingerprint() -> None:
    kept, dropped = dedupe(
        [rule("a", {"p.x": {"<": 0}}), rule("b", {"p.x": {"<": 0}}, by="pydantic_lift")]
    )
    assert [r["id"] for r in kept] == ["a"]
    assert dropped == [("b", "a")]


def test_manual_rules_stay_first_and_win() -> None:
    manual = [
        rule("m1", {"p.x": {"<": 0}}, by="manual_seed"),
        rule("m2", {"p.y": {"<=": 0}}, by="manual_seed"),
    ]
    mined = [
        rule("same", {"p.x": {"<": 0}}),  # says what m1 says
        rule("other", {"p.y": {"<": 0}}),  # the same field as m2, another predicate: conflict
        rule("new", {"p.z": {">": 1}}),
    ]
    merged = merge(manual, mined)
    assert [r["id"] for r in merged.rules] == ["m1", "m2", "new"]
    assert [r["id"] for r in merged.added] == ["new"]
    assert merged.duplicates == (("same", "m1"),)
    assert merged.conflicts == (("other", "m2"),)


def test_diff_pairs_rules_by_fingerprint_and_id() -> None:
    old = [rule("a", {"p.x": {"<": 0}}), rule("b", {"p.y": {"<": 0}}), rule("c", {"p.z": True})]
    new = [rule("a", {"p.x": {"<=": 0}}), rule("b2", {"p.y": {"<": 0}}), rule("d", {"p.w": False})]
    lines = diff_corpora(old, new)
    assert [line[:4] for line in lines] == ["~ a:", "- c:", "+ d:"]
    assert lines[0].endswith(
        'p.x {"<": 0} (static_miner)  ->  error Params: p.x {"<=": 0} (static_miner)'
    )
    assert summary(lines) == "1 added, 1 removed, 1 changed"
    assert diff_corpora(old, list(reversed(old))) == []
