"""The dynamic miner end to end on the synthetic library, through a replayer that really
constructs its classes."""

from __future__ import annotations

from typing import Any

from llem_miners.candidate import Candidate, MineResult, Where
from llem_miners.dynamic import (
    KeywordFacts,
    ProbeStats,
    mine_dynamic,
    mine_dynamic_with_stats,
)

WHERE = Where("synthlib.py", "SynthConfig.__init__")
SYNTH_KEYWORDS = {
    "temperature": KeywordFacts("float", 1.0, (0,)),
    "top_p": KeywordFacts("float", 1.0, (0, 1)),
    "mode": KeywordFacts("str", "a", ("a", "b")),
    "penalty": KeywordFacts("float", 1.0, (2,)),
    "x": KeywordFacts("int", None),
    "y": KeywordFacts("int", None),
}


def _rules(result: MineResult) -> list[tuple[str, str, dict[str, Any], str]]:
    return [
        (c.severity, c.expected_outcome, dict(c.fields), c.message_template)
        for c in result.candidates
    ]


def test_mines_the_exact_rules_of_the_synthetic_config(replayer: Any) -> None:
    result, _ = mine_dynamic_with_stats("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    assert _rules(result) == [
        (
            "error",
            "raise",
            {"mode": {"not_in": ["a", "b"]}},
            "Unknown mode {mode}: choose 'a' or 'b'.",
        ),
        (
            "error",
            "raise",
            {"mode": {"type_is_not": "str"}},
            "Unknown mode {mode}: choose 'a' or 'b'.",
        ),
        (
            "warn",
            "warn",
            {"penalty": {">": 2.0}},
            "penalty {penalty} is very high; outputs may degrade",
        ),
        (
            "error",
            "raise",
            {"penalty": {"type_is_not": "number"}},
            "'>' not supported between instances of 'str' and 'int'",
        ),
        (
            "error",
            "raise",
            {"temperature": {"<=": 0.0}},
            "`temperature` must be strictly positive, got {temperature}.",
        ),
        (
            "error",
            "raise",
            {"temperature": {"type_is_not": "number"}},
            "`temperature` must be a number, got str",
        ),
        ("error", "raise", {"top_p": {"<=": 0.0}}, "`top_p` has to be in (0, 1], but is {top_p}."),
        ("error", "raise", {"top_p": {">": 1.0}}, "`top_p` has to be in (0, 1], but is {top_p}."),
        (
            "error",
            "raise",
            {"top_p": {"type_is_not": "number"}},
            "'<' not supported between instances of 'int' and 'str'",
        ),
        (
            "dormant",
            "ignore",
            {"x": {"present": True}, "y": {"absent": True}},
            "x={x} has no effect unless y is set",
        ),
    ]
    assert result.unmined == ()
    assert {c.added_by for c in result.candidates} == {"dynamic_miner"}
    assert {c.where for c in result.candidates} == {WHERE}


def test_dormant_candidate_normalises_to_unset(replayer: Any) -> None:
    result = mine_dynamic("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    dormant = [c for c in result.candidates if c.severity == "dormant"]
    assert [dict(c.normalised) for c in dormant] == [{"x": None}]
    assert all(not c.normalised for c in result.candidates if c.severity != "dormant")


def test_examples_show_the_outcome_when_replayed(replayer: Any) -> None:
    result = mine_dynamic("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    baseline = replayer.replay("SynthConfig", {})
    for candidate in result.candidates:
        assert _shows(candidate, candidate.kwargs_positive, replayer, baseline), candidate
        assert not _shows(candidate, candidate.kwargs_negative, replayer, baseline), candidate


def _shows(candidate: Candidate, kwargs: Any, replayer: Any, baseline: Any) -> bool:
    observation = replayer.replay("SynthConfig", kwargs)
    if candidate.expected_outcome == "raise":
        return observation.raised is not None
    if candidate.expected_outcome == "warn":
        return bool(set(observation.warnings) - set(baseline.warnings))
    unset = {key: value for key, value in kwargs.items() if key not in candidate.normalised}
    return bool(
        kwargs != unset and observation.effect == replayer.replay("SynthConfig", unset).effect
    )


def test_probe_stats_count_every_replay(replayer: Any) -> None:
    _, stats = mine_dynamic_with_stats("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    # temperature 8 probes (5 raise), top_p 11 (8 raise), mode 3 (2 raise), penalty 9 (1 raise,
    # 3 warn), x 5 (all ignored), y 5; x's 3 values (1, -1, 1000) replayed alone once more (to
    # tell a pair's new warnings), then x's 5 siblings with an effect are tried with up to 3 of
    # x's values until one counts: 4 x 3 + 1 (y) pairwise replays; then each of
    # the 9 raise / warn findings with each of the 4 other keywords that had an effect alone
    # (temperature, top_p, mode, penalty, y less its own): 36 context replays. The 5 numeric
    # keywords are also replayed with 4 numbers of the other type each (:mod:`.cross`).
    assert stats == ProbeStats(
        probes=41 + 5 * 4, raised=16, warned=3, ignored=5, sibling_probes=3 + 49
    )
    assert len(replayer.calls) == 1 + 41 + 5 * 4 + 3 + 49


def test_probes_each_keyword_alone_in_sorted_order(replayer: Any) -> None:
    mine_dynamic("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    singles = [next(iter(kwargs)) for _, kwargs in replayer.calls[1:42]]
    assert replayer.calls[0] == ("SynthConfig", {})
    assert singles == sorted(singles)
    assert [kwargs["mode"] for _, kwargs in replayer.calls if list(kwargs) == ["mode"]] == [
        1,
        "__llem_probe__",
        "b",
    ]


def test_output_is_deterministic(replayer: Any) -> None:
    first = mine_dynamic_with_stats("SynthConfig", replayer, SYNTH_KEYWORDS, where=WHERE)
    shuffled = dict(reversed(list(SYNTH_KEYWORDS.items())))
    second = mine_dynamic_with_stats("SynthConfig", replayer, shuffled, where=WHERE)
    assert first == second


def test_keyword_that_raises_alone_is_unmined_and_int_bounds_are_exact(replayer: Any) -> None:
    keywords = {
        "scale": KeywordFacts("float", None),
        "unit": KeywordFacts("str", None),
        "count": KeywordFacts("int", 2, (2, 7)),
    }
    where = Where("synthlib.py", "Paired.__init__")
    result, stats = mine_dynamic_with_stats("Paired", replayer, keywords, where=where)
    assert _rules(result) == [
        ("error", "raise", {"count": {"<": 2}}, "count must be at least 2, got {count}"),
        ("error", "raise", {"count": {"==": 7}}, "count {count} is reserved"),
        (
            "error",
            "raise",
            {"count": {"type_is_not": "number"}},
            "'<' not supported between instances of 'str' and 'int'",
        ),
    ]
    assert [(u.construct, u.reason, u.miner) for u in result.unmined] == [
        (
            "scale in (-1.0, 0.0, 1.0, 1000.0, '__llem_probe__')",
            "every probe value raised when set alone: the keyword needs a sibling",
            "dynamic_miner",
        )
    ]
    assert stats.probes == 9 + 5 + 2 + 2 * 4 and stats.raised == 5 + 5  # 4 cross-type each


def test_unknown_type_gets_no_wrong_type_probe(replayer: Any) -> None:
    keywords = {"count": KeywordFacts(None, 2, (2,))}
    mine_dynamic("Paired", replayer, keywords, where=WHERE)
    probed = [kwargs["count"] for _, kwargs in replayer.calls[1:]]
    assert probed == [-1, 0, 1, 3, 1000]


def test_outside_value_without_allowed_values_is_unmined(replayer: Any) -> None:
    result = mine_dynamic("SynthConfig", replayer, {"mode": KeywordFacts("str", "a")}, where=WHERE)
    assert [c.fields for c in result.candidates] == [{"mode": {"type_is_not": "str"}}]
    assert [(u.construct, u.reason) for u in result.unmined] == [
        (
            "mode='__llem_probe__'",
            "an outside value is rejected but the allowed values are not known",
        )
    ]


def test_baseline_that_raises_is_unmined(replayer: Any) -> None:
    keywords = {"level": KeywordFacts("int", 0)}
    result, stats = mine_dynamic_with_stats("Broken", replayer, keywords, where=WHERE)
    assert result.candidates == ()
    assert [u.construct for u in result.unmined] == ["Broken()"]
    assert "no backend available" in result.unmined[0].reason
    assert stats == ProbeStats()


def test_time_budget_leaves_later_keywords_unmined(replayer: Any) -> None:
    ticks = iter(range(100))
    result, stats = mine_dynamic_with_stats(
        "SynthConfig",
        replayer,
        SYNTH_KEYWORDS,
        where=WHERE,
        time_budget_s=2.5,
        clock=lambda: float(next(ticks)),
    )
    assert [u.construct for u in result.unmined] == ["temperature", "top_p", "x", "y"]
    assert {u.reason for u in result.unmined} == {"the time budget ran out before it was probed"}
    assert {next(iter(c.fields)) for c in result.candidates} == {"mode", "penalty"}
    assert stats.probes == 3 + 9 + 4  # penalty's 4 cross-type probes too


def test_max_probes_caps_each_keyword(replayer: Any) -> None:
    keywords = {"top_p": KeywordFacts("float", 1.0, (0, 1))}
    _, stats = mine_dynamic_with_stats("SynthConfig", replayer, keywords, where=WHERE, max_probes=4)
    assert stats.probes == 4


def test_bool_value_and_silently_normalised_region(replayer: Any) -> None:
    keywords = {"fast": KeywordFacts("bool", False), "level": KeywordFacts("int", 0, (0,))}
    result, stats = mine_dynamic_with_stats("Flags", replayer, keywords, where=WHERE)
    assert _rules(result) == [
        ("error", "raise", {"fast": True}, "fast mode is not available in this build"),
        ("dormant", "ignore", {"level": {"<": 0}}, "level={level} has no effect"),
        (
            "error",
            "raise",
            {"level": {"type_is_not": "number"}},
            "'>' not supported between instances of 'int' and 'str'",
        ),
    ]
    assert [dict(c.normalised) for c in result.candidates] == [{}, {"level": 0}, {}]
    # fast: True and "__llem_probe__" (accepted: only True raises); level: -1, 1, 1000, str;
    # then fast=True beside the first value of level that had an effect alone; level's 4
    # floats (:mod:`.cross`: none raises, so no rule).
    assert stats == ProbeStats(probes=6 + 4, raised=2, warned=0, ignored=1, sibling_probes=1)


Z_MESSAGE = "`z` is set to {z} but only used when `w` is true"


def test_warned_and_ignored_keyword_becomes_one_dormant_warn_rule(replayer: Any) -> None:
    keywords = {"w": KeywordFacts("bool", False), "z": KeywordFacts("float", 1.0, (1.0,))}
    result, stats = mine_dynamic_with_stats("Hinted", replayer, keywords, where=WHERE)
    assert _rules(result) == [
        (
            "dormant",
            "warn",
            {"z": {"!=": 1.0}, "w": False},
            "`z` is set to {z} but only used when `w` is true",
        ),
    ]
    assert dict(result.candidates[0].normalised) == {"z": 1.0}
    assert replayer.calls[-1] == ("Hinted", {"z": 1.5, "w": True})  # the median distance
    # z's 3 values alone (1.5, the median distance, first), then z=1.5 beside w=True.
    assert stats.sibling_probes == 3 + 1 and stats.warned == 8 and stats.ignored == 0


TOKEN_KEYWORDS = {
    "banned": KeywordFacts("list", None, declared="list[int] | None"),
    "eos": KeywordFacts(None, None, declared="int | list[int] | None"),
    "beams": KeywordFacts("int", 1, (1,)),
}


def test_list_and_union_keywords_and_a_region_of_two_errors(replayer: Any) -> None:
    result = mine_dynamic("SynthTokens", replayer, TOKEN_KEYWORDS, where=WHERE)
    rules = {(next(iter(c.fields)), str(c.fields)): c.message_template for c in result.candidates}
    # A list keyword: each wrong type that raises is its own rule (a valid list, [1], does not).
    assert ("banned", "{'banned': {'type_is': 'number'}}") in rules
    assert ("banned", "{'banned': {'type_is': 'str'}}") in rules
    # A union with int: probed with numbers only, so no rule refuses the lists it also takes.
    assert [key for key in rules if key[0] == "eos"] == [("eos", "{'eos': {'<=': -1}}")]
    # 0 and -1 raise different errors: the template is the boundary's, where the example sits.
    assert rules[("beams", "{'beams': {'<': 1}}")] == "integer division or modulo by zero"
    assert ("SynthTokens", {"banned": [1]}) in replayer.calls


MODE_KEYWORDS = {
    "alpha": KeywordFacts("float", 0.0, (0,)),
    "sample": KeywordFacts("bool", False),
    "layers": KeywordFacts(None, None, declared="Any"),
    "beams": KeywordFacts("int", 1, (1,)),
}


def test_a_rule_gains_the_siblings_that_undo_it(replayer: Any) -> None:
    result = mine_dynamic("SynthMode", replayer, MODE_KEYWORDS, where=WHERE)
    rules = {str(c.fields): c for c in result.candidates}
    assert "{'alpha': {'>': 0.0}, 'sample': False}" in rules
    assert "{'alpha': {'type_is_not': 'number'}}" in rules  # compared before sample is read
    layers = [c for c in result.candidates if "layers" in c.fields]
    assert [dict(c.fields) for c in layers] == [{"layers": {"present": True}, "beams": 1}]
    # Any value of an untyped keyword raised: setting it at all is the rule, while beams is 1.
    assert layers[0].message_template == "DoLa moved to the Hub: pass trust_remote_code=True"


def test_a_sibling_with_a_known_library_default_is_unset_two_ways(replayer: Any) -> None:
    keywords = {**MODE_KEYWORDS, "beams": KeywordFacts("int", None, (1,), library_default=1)}
    result = mine_dynamic("SynthMode", replayer, keywords, where=WHERE)
    layers = [dict(c.fields) for c in result.candidates if "layers" in c.fields]
    assert layers == [
        {"layers": {"present": True}, "beams": {"absent": True}},
        {"layers": {"present": True}, "beams": 1},
    ]
