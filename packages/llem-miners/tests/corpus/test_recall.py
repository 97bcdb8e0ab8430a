"""Recall of a reference corpus: a rule is recovered when a mined one fires on the same views."""

from __future__ import annotations

from typing import Any

from llem_miners.recall import agree, recall_rows, recall_table
from llem_miners.type_text import scalar_types


def rule(rule_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {"id": rule_id, "native_type": "Params", "match": {"fields": fields}}


def test_equivalent_predicates_agree_and_different_ones_do_not() -> None:
    assert agree({"s.x": {"<=": 0}}, {"s.x": {"<=": 0.0}})
    assert agree({"s.m": {"not_in": ["a", "b"]}}, {"s.m": {"not_in": ["b", "a"]}})
    assert not agree({"s.x": {"<=": 0}}, {"s.x": {"<": 0}})
    assert not agree({"s.x": {"<=": 0}}, {"s.x": {"<": 1}})  # 0.5 tells them apart
    assert not agree({"s.x": {"present": True}}, {"s.x": {">": 0}})


def test_rows_say_exact_subject_or_none() -> None:
    reference = [
        rule("r.exact", {"s.t": {"<=": 0}, "s.sample": True}),
        rule("r.subject", {"s.k": {"<": 0}, "s.sample": True}),
        rule("r.none", {"s.p": {">": 1}}),
    ]
    mined = [
        rule("m1", {"s.sample": True, "s.t": {"<=": 0}}),
        rule("m2", {"s.k": {"<": 0}}),
        rule("m3", {"s.p": {">=": 1}}),
    ]
    rows = recall_rows(reference, mined)
    assert [(row.match, row.mined) for row in rows] == [
        ("exact", "m1"),
        ("subject", "m2"),
        ("none", None),
    ]
    assert recall_table(rows)[-1] == "recall: 1/3 exact (33 %), 2/3 on the subject field (67 %)"


def test_values_of_the_schema_type_decide_on_a_typed_field() -> None:
    assert agree({"s.x": {"<=": 0}}, {"s.x": {"<": 1}}, {"s.x": "int"})
    assert not agree({"s.x": {"<=": 0}}, {"s.x": {"<": 1}}, {"s.x": "float"})


def test_an_absent_test_of_a_path_no_config_can_set_always_holds() -> None:
    reference = [rule("r", {"s.c": {"present": True}, "s.trust": {"absent": True}})]
    mined = [rule("m", {"s.c": {"present": True}})]
    assert recall_rows(reference, mined)[0].match == "subject"
    rows = recall_rows(reference, mined, settable=lambda path: path != "s.trust")
    assert (rows[0].match, rows[0].mined) == ("exact", "m")


def test_a_dormant_rule_at_the_library_default_is_a_presence_test() -> None:
    def dormant(rule_id: str, spec: Any, severity: str = "dormant") -> dict[str, Any]:
        fields = {"s.sample": False, "s.top_k": spec}
        return {**rule(rule_id, fields), "severity": severity}

    reference = [dormant("r", {"present": True})]
    mined = [dormant("m", {"!=": 50})]
    # top_k set to 50, transformers' default, is as unused as any other value while greedy.
    rows = recall_rows(reference, mined, unset_defaults={"s.top_k": 50})
    assert [(row.match, row.mined) for row in rows] == [("exact", "m")]
    # An error at every value but the default is not an error at every value.
    errors = [dormant("e", {"present": True}, "error")], [dormant("n", {"!=": 50}, "error")]
    assert recall_rows(*errors, unset_defaults={"s.top_k": 50})[0].match == "subject"
    # Without the default known (or with another one) they differ at 50.
    assert recall_rows(reference, mined)[0].match == "subject"
    assert recall_rows(reference, mined, unset_defaults={"s.top_k": 40})[0].match == "subject"


def test_a_union_of_one_scalar_and_containers_holds_numbers_of_that_scalar() -> None:
    declared = {"s.eos": "int | list[int] | None", "s.x": "int | float", "s.any": "Any"}
    assert scalar_types(declared) == {"s.eos": "int"}
    types = scalar_types(declared)
    assert agree({"s.eos": {"<": 0}}, {"s.eos": {"<=": -1}}, types)
    assert not agree({"s.eos": {"<": 0}}, {"s.eos": {"<=": -1}})
