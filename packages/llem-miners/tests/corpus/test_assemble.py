"""From a candidate in native keywords to a corpus rule: config paths, the target's prefix,
guards and context, predicates on booleans, keywords a config cannot set, examples."""

from __future__ import annotations

from typing import Any

from llem.records import MineTarget
from llem.rules.model import NativeType
from llem_miners.assemble import Library, as_typed, for_target, to_rule, with_guards
from llem_miners.candidate import Candidate, Unmined, Where

NATIVE = NativeType(
    "Gen", "lib:Gen", "construct", {"do_sample": "e.sampling.do_sample", "*": "e.generation"}
)
LIBRARY = Library(
    engine="e",
    library="lib",
    version="1.0",
    native_types={"Gen": NATIVE},
    types={"e.sampling.do_sample": "bool", "e.generation.top_k": "int"},
    passthrough={"e.generation": frozenset({"top_k", "wm", "beams"})},
)
WHERE = Where("lib/gen.py", "Gen.validate", 10)


def candidate(fields: dict[str, Any], **changes: Any) -> Candidate:
    values: dict[str, Any] = {
        "native_type": "Gen",
        "severity": "error",
        "fields": fields,
        "kwargs_positive": {},
        "kwargs_negative": {},
        "expected_outcome": "raise",
        "message_template": "bad",
        "where": WHERE,
        "added_by": "static_miner",
    }
    return Candidate(**{**values, **changes})


def targeted(fields: dict[str, Any], target: MineTarget | None = None, **changes: Any) -> Candidate:
    result = for_target(candidate(fields, **changes), target or MineTarget("Gen"), LIBRARY)
    assert isinstance(result, Candidate), result
    return result


def test_a_rule_gets_config_paths_provenance_and_a_readable_id() -> None:
    rule = to_rule(targeted({"top_k": {"<": 0}}), LIBRARY, set())
    assert rule["id"] == "e.mined.Gen.top_k_lt_0"
    assert rule["match"] == {"fields": {"e.generation.top_k": {"<": 0}}}
    assert (rule["kwargs_positive"], rule["kwargs_negative"]) == ({"top_k": -1}, {"top_k": 0})
    source = {"library": "lib", "version": "1.0", "file": "lib/gen.py", "method": "Gen.validate"}
    assert rule["source"] == {**source, "line": 10}
    taken = {"e.mined.Gen.top_k_lt_0"}
    assert to_rule(targeted({"top_k": {"<": 0}}), LIBRARY, taken)["id"].endswith("_lt_0_2")


def test_the_prefix_nests_keywords_and_examples() -> None:
    rule = to_rule(targeted({"ratio": {">": 1}}, MineTarget("Gen", prefix="wm.")), LIBRARY, set())
    assert rule["match"]["fields"] == {"e.generation.wm.ratio": {">": 1}}
    assert rule["kwargs_positive"] == {"wm": {"ratio": 2}}


def test_guards_join_the_predicate_and_context_only_the_examples() -> None:
    target = MineTarget(
        "Gen",
        guards={"e.generation.top_k": {"!=": 0}},
        context={"e.sampling.do_sample": True},
    )
    result = targeted({"top_k": {"<=": 0}}, target)
    assert result.fields == {"top_k": {"!=": 0, "<=": 0}}
    assert result.kwargs_positive == {"do_sample": True, "top_k": -1}
    assert result.kwargs_negative["do_sample"] is True


def test_a_guard_on_another_keyword_is_added_after_the_rule_s_own() -> None:
    assert list(with_guards({"top_k": {"<": 0}}, {"do_sample": True})) == ["top_k", "do_sample"]
    assert with_guards({"x": {"<": 0}}, {"x": {"!=": -3}}) == {"x": {"!=": -3, "<": 0}}


def test_predicates_on_booleans_are_written_as_booleans() -> None:
    assert as_typed({"in": [False, 0, "", [], {}]}, "bool") is False
    assert as_typed({"not_in": [False, 0, "", [], {}]}, "bool") is True
    assert as_typed({"!=": True}, "bool") is False
    assert as_typed({"!=": True}, "int") == {"!=": True}
    assert targeted({"do_sample": {"!=": True}, "top_k": {"<": 0}}).fields["do_sample"] is False


def test_keywords_a_config_cannot_set_are_always_unset() -> None:
    kept = targeted({"top_k": {"<": 0}, "tokenizer": {"absent": True}})
    assert kept.fields == {"top_k": {"<": 0}}
    needs = for_target(candidate({"tokenizer": {"present": True}}), MineTarget("Gen"), LIBRARY)
    assert isinstance(needs, Unmined) and "tokenizer" in needs.reason


def test_the_negative_fires_no_other_alternative_of_the_same_check() -> None:
    low, high = {"beams": {"<=": 0}}, {"beams": {">=": 1}}
    result = for_target(candidate(low), MineTarget("Gen"), LIBRARY, avoid=[high])
    assert isinstance(result, Candidate)
    assert result.kwargs_negative == {"beams": 0.5}


def test_a_dormant_negative_does_not_already_hold_the_normalised_value() -> None:
    result = targeted(
        {"beams": {"!=": 1}, "top_k": 5},
        severity="dormant",
        expected_outcome="normalise",
        normalised={"beams": 1},
    )
    assert result.kwargs_negative["beams"] != 1
    assert result.kwargs_negative["top_k"] != 5


def test_a_severity_the_target_does_not_keep_is_unmined() -> None:
    result = for_target(
        candidate({"top_k": {"<": 0}}), MineTarget("Gen", severities=("dormant",)), LIBRARY
    )
    assert isinstance(result, Unmined) and "keeps only dormant" in result.reason


def test_a_name_llem_sets_itself_is_never_a_rule() -> None:
    target = MineTarget("Gen", not_keywords=("backend",))
    result = for_target(candidate({"backend": {"not_in": ["pytorch"]}}), target, LIBRARY)
    assert isinstance(result, Unmined) and "tests backend, which llem sets itself" in result.reason
    assert isinstance(for_target(candidate({"top_k": {"<": 0}}), target, LIBRARY), Candidate)


def test_a_keyword_the_native_type_maps_nowhere_is_unmined_not_a_crash() -> None:
    native = NativeType("Kv", "lib:Kv", "construct", {"fraction": "e.kv.fraction"})
    library = Library("e", "lib", "1.0", {"Kv": native})
    result = for_target(candidate({"max_bytes": {"<": 0}}, native_type="Kv"), MineTarget("Kv"),
                        library)  # fmt: skip
    assert isinstance(result, Unmined) and "needs max_bytes" in result.reason


def test_a_source_commit_is_recorded_per_file_or_for_every_file() -> None:
    import attrs

    for commits, expected in (({"lib/gen.py": "abc"}, "abc"), ({"*": "fff"}, "fff")):
        library = attrs.evolve(LIBRARY, commits=commits)
        assert (
            to_rule(targeted({"top_k": {"<": 0}}), library, set())["source"]["commit"] == expected
        )
    assert "commit" not in to_rule(targeted({"top_k": {"<": 0}}), LIBRARY, set())["source"]


def test_presence_of_a_compared_sibling_is_implied_and_left_out() -> None:
    rule = targeted({"top_k": {"<": "@beams"}, "beams": {"present": True}})
    assert rule.fields == {"top_k": {"<": "@beams"}}
    kept = targeted({"top_k": {"<": "@beams"}, "beams": {"present": True, "!=": 1}})
    assert kept.fields["beams"] == {"present": True, "!=": 1}
    assert targeted({"beams": {"present": True}}).fields == {"beams": {"present": True}}


def test_a_presence_test_of_a_keyword_llem_always_passes_becomes_a_test_of_its_value() -> None:
    held = {"e.sampling.do_sample": False, "e.generation.temperature": 1.0}
    library = Library("e", "lib", "1.0", {"Gen": NATIVE}, held=held)
    fields = {"top_k": {"present": True}, "do_sample": {"absent": True}}
    result = for_target(candidate(fields, severity="dormant"), MineTarget("Gen"), library)
    assert isinstance(result, Candidate)
    assert result.fields == {"top_k": {"present": True}, "do_sample": False}
    unchanged = for_target(candidate(fields, severity="dormant"), MineTarget("Gen"), LIBRARY)
    assert isinstance(unchanged, Candidate)
    assert unchanged.fields["do_sample"] == {"absent": True}
    # Set by the user, for a keyword llem always passes, is "changed from llem's value".
    fields = {"temperature": {"present": True}, "do_sample": {"absent": True}}
    result = for_target(candidate(fields, severity="dormant"), MineTarget("Gen"), library)
    assert isinstance(result, Candidate)
    assert result.fields == {"temperature": {"!=": 1.0}, "do_sample": False}
