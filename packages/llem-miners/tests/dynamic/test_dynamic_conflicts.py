"""Two keywords each accepted alone that raise or warn together (:mod:`.conflicts`), found from
an inert keyword's siblings (:mod:`.dormant`) and from a sibling that undoes an error
(:mod:`.context`), on the synthetic library through a replayer that really builds its classes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llem_miners.candidate import Candidate, MineResult, Where
from llem_miners.dynamic import KeywordFacts, mine_dynamic_with_stats
from llem_miners.dynamic.conflicts import Pair, conflict_finding, sweep
from llem_miners.dynamic.context import with_context
from llem_miners.dynamic.dormant import activators, dormant_finding
from llem_miners.dynamic.findings import Finding, series_findings
from llem_miners.dynamic.probes import MAX_PROBES
from llem_miners.dynamic.series import Series, probe_keyword

WHERE = Where("synthlib.py", "SynthAssist.__init__")
ASSIST_KEYWORDS = {
    "lookup": KeywordFacts("int", None),
    "cache": KeywordFacts("str", "dynamic", ("dynamic", "static")),
    "beams": KeywordFacts("int", 1, (1,)),
}
DOLA_KEYWORDS = {
    "layers": KeywordFacts(None, None, declared="Any"),
    "beams": KeywordFacts("int", 1, (1,)),
}
PRESENT = {"present": True}


def _rules(result: MineResult) -> list[tuple[str, str, dict[str, Any], str]]:
    return [
        (c.severity, c.expected_outcome, dict(c.fields), c.message_template)
        for c in result.candidates
    ]


def _all_series(replayer: Any, native: str, keywords: Mapping[str, KeywordFacts]) -> list[Series]:
    baseline = replayer.replay(native, {})
    return [
        probe_keyword(replayer, native, keyword, keywords[keyword], baseline, MAX_PROBES)
        for keyword in sorted(keywords)
    ]


def _named(all_series: list[Series]) -> dict[str, Series]:
    return {series.keyword: series for series in all_series}


def _pair_key(pair: Pair) -> tuple[str, Any, str, Any]:
    return (pair.inert.keyword, pair.value, pair.sibling.keyword, pair.sibling_value)


# --- end to end ----------------------------------------------------------------------------------


def test_mines_the_conflicts_of_an_inert_keyword(replayer: Any) -> None:
    result, _ = mine_dynamic_with_stats("SynthAssist", replayer, ASSIST_KEYWORDS, where=WHERE)
    assert _rules(result) == [
        ("error", "raise", {"beams": {"<": 1}}, "beams must be at least 1, got {beams}"),
        (
            "error",
            "raise",
            {"beams": {"type_is_not": "number"}},
            "'<' not supported between instances of 'str' and 'int'",
        ),
        ("error", "raise", {"cache": {"not_in": ["dynamic", "static"]}}, "Unknown cache {cache}"),
        ("error", "raise", {"cache": {"type_is_not": "str"}}, "Unknown cache {cache}"),
        # beams above 1 ignores lookup before it is checked: its own error needs beams unset.
        (
            "error",
            "raise",
            {"lookup": {"<=": 0}, "beams": 1},
            "lookup must be positive, got {lookup}",
        ),
        # Found twice (lookup's conflict with beams; beams undoing lookup's error): kept once.
        (
            "dormant",
            "warn",
            {"lookup": PRESENT, "beams": {">": 1}},
            "lookup is ignored with beams",
        ),
        (
            "error",
            "raise",
            {"lookup": {"type_is_not": "number"}, "beams": 1},
            "'<=' not supported between instances of 'str' and 'int'",
        ),
        # The static cache raises beside lookup: it "activates" it, so lookup is dormant while
        # the cache stays dynamic; its set region is where it did not raise alone (>= 1).
        (
            "dormant",
            "ignore",
            {"lookup": {">=": 1}, "cache": "dynamic"},
            "lookup={lookup} has no effect unless cache is set",
        ),
        (
            "error",
            "raise",
            {"lookup": PRESENT, "cache": "static"},
            "assist cannot use a static cache",
        ),
    ]
    assert result.unmined == ()


def test_a_speed_only_keyword_keeps_its_conflicts_but_is_never_ignored(replayer: Any) -> None:
    """Prompt lookup gives greedy's tokens sooner: "it changes nothing" would normalise it away."""
    keywords = {**ASSIST_KEYWORDS, "lookup": KeywordFacts("int", None, speed_only=True)}
    result, _ = mine_dynamic_with_stats("SynthAssist", replayer, keywords, where=WHERE)
    plain, _ = mine_dynamic_with_stats("SynthAssist", replayer, ASSIST_KEYWORDS, where=WHERE)
    assert [r for r in _rules(plain) if r[1] == "ignore" and "lookup" in r[2]]  # without the flag
    assert [r for r in _rules(result) if r[1] == "ignore" and "lookup" in r[2]] == []
    assert {"lookup": PRESENT, "cache": "static"} in [r[2] for r in _rules(result)]
    assert [u.reason for u in result.unmined] == [
        "it changes speed, not output (speed_only): the replay cannot see its effect"
    ]


def test_the_dormant_warn_conflict_normalises_the_inert_keyword(replayer: Any) -> None:
    result, _ = mine_dynamic_with_stats("SynthAssist", replayer, ASSIST_KEYWORDS, where=WHERE)
    normalised = {str(dict(c.fields)): dict(c.normalised) for c in result.candidates}
    assert normalised[str({"lookup": PRESENT, "beams": {">": 1}})] == {"lookup": None}
    assert normalised[str({"lookup": PRESENT, "cache": "static"})] == {}
    described = [c.description for c in result.candidates if set(c.fields) == {"lookup", "beams"}]
    assert described[1] == "lookup is accepted alone but warns with beams (probed pairwise)."


def test_conflict_examples_show_the_outcome_when_replayed(replayer: Any) -> None:
    for native, keywords in (("SynthAssist", ASSIST_KEYWORDS), ("SynthDola", DOLA_KEYWORDS)):
        result, _ = mine_dynamic_with_stats(native, replayer, keywords, where=WHERE)
        for candidate in result.candidates:
            positive, negative = candidate.kwargs_positive, candidate.kwargs_negative
            assert set(candidate.fields) <= set(positive), candidate
            assert _shows(native, candidate, positive, replayer), candidate
            assert not _shows(native, candidate, negative, replayer), candidate


def _shows(native: str, candidate: Candidate, kwargs: Mapping[str, Any], replayer: Any) -> bool:
    observation = replayer.replay(native, kwargs)
    baseline = replayer.replay(native, {})
    unset = {key: value for key, value in kwargs.items() if key not in candidate.normalised}
    ignored = observation.effect == replayer.replay(native, unset).effect
    if candidate.expected_outcome == "raise":
        return observation.raised is not None
    if candidate.expected_outcome == "warn":
        warned = bool(set(observation.warnings) - set(baseline.warnings))
        # A dormant warning: the keyword is ignored (as if unset), with the warning.
        return warned and (candidate.severity != "dormant" or ignored)
    return observation.raised is None and kwargs != unset and ignored


def test_stats_count_the_conflict_sweeps(replayer: Any) -> None:
    for native, keywords in (("SynthAssist", ASSIST_KEYWORDS), ("SynthDola", DOLA_KEYWORDS)):
        replayer.calls.clear()
        _, stats = mine_dynamic_with_stats(native, replayer, keywords, where=WHERE)
        assert len(replayer.calls) == 1 + stats.probes + stats.sibling_probes, native
        pairs = [kwargs for _, kwargs in replayer.calls if len(kwargs) == 2]
        assert pairs, native  # the sweeps ran


def test_a_keyword_ignored_with_a_warning_beside_the_sibling_that_undoes_its_error(
    replayer: Any,
) -> None:
    result, _ = mine_dynamic_with_stats("SynthDola", replayer, DOLA_KEYWORDS, where=WHERE)
    assert _rules(result) == [
        ("error", "raise", {"beams": {"<": 1}}, "beams must be at least 1, got {beams}"),
        (
            "error",
            "raise",
            {"beams": {"type_is_not": "number"}},
            "'<' not supported between instances of 'str' and 'int'",
        ),
        (
            "error",
            "raise",
            {"layers": PRESENT, "beams": 1},
            "DoLa moved to the Hub: pass trust_remote_code=True",
        ),
        (
            "dormant",
            "warn",
            {"layers": PRESENT, "beams": {">": 1}},
            "layers are ignored with beam search",
        ),
    ]
    assert [dict(c.normalised) for c in result.candidates] == [{}, {}, {}, {"layers": None}]


def test_a_sibling_that_undoes_an_error_silently_adds_no_conflict(replayer: Any) -> None:
    keywords = {
        "layers": KeywordFacts(None, None, declared="Any"),
        "beams": KeywordFacts("int", 1, (1,)),
    }
    result, _ = mine_dynamic_with_stats("SynthMode", replayer, keywords, where=WHERE)
    layers = [(c.severity, dict(c.fields)) for c in result.candidates if "layers" in c.fields]
    assert layers == [("error", {"layers": PRESENT, "beams": 1})]
    all_series = _named(_all_series(replayer, "SynthMode", keywords))
    finding = series_findings(all_series["layers"])[0]
    assert isinstance(finding, Finding)
    undoing = with_context(replayer, "SynthMode", finding, list(all_series.values())).undoing
    assert [_pair_key(pair) for pair in undoing] == [("layers", 1, "beams", -1)]
    assert conflict_finding(replayer, "SynthMode", undoing[0])[0] is None  # quiet: no rule


# --- the pieces on real replays ----------------------------------------------------------------


def test_activators_report_the_pairs_that_raise_or_warn_anew(replayer: Any) -> None:
    all_series = _all_series(replayer, "SynthAssist", ASSIST_KEYWORDS)
    named = _named(all_series)
    before = len(replayer.calls)
    activation = activators(replayer, "SynthAssist", named["lookup"], all_series)
    # lookup's values (median distance first) alone, then each sibling's activation value.
    assert replayer.calls[before:] == [
        ("SynthAssist", {"lookup": 1000}),
        ("SynthAssist", {"lookup": 1}),
        ("SynthAssist", {"lookup": 1000, "beams": 2}),
        ("SynthAssist", {"lookup": 1000, "cache": "static"}),
    ]
    assert activation.replays == 4
    assert [_pair_key(pair) for pair in activation.conflicts] == [
        ("lookup", 1000, "beams", 2),
        ("lookup", 1000, "cache", "static"),
    ]
    # A raise activates (lookup is not ignored there); a warning that keeps beams' effect does not.
    assert [(series.keyword, probe.value) for series, probe in activation.found] == [
        ("cache", "static")
    ]
    dormant = dormant_finding(named["lookup"], activation.found)
    assert isinstance(dormant, Finding)
    assert dormant.fields == {"lookup": {">=": 1}, "cache": "dynamic"}


def test_sweep_classifies_each_pair(replayer: Any) -> None:
    named = _named(_all_series(replayer, "SynthAssist", ASSIST_KEYWORDS))
    points, replays = sweep(replayer, "SynthAssist", ("lookup", 1000), named["beams"])
    assert [(p.value, p.outcome) for p in points] == [
        (-1, "same"),  # beams' own error
        (0, "same"),
        (1, "quiet"),  # the default point, never replayed
        (2, "warn"),
        (1000, "warn"),
    ]
    assert points[3].unchanged and points[4].unchanged  # beams' own effect: lookup is ignored
    assert points[3].message == "lookup is ignored with beams"
    assert replays == 1 + 2 * 4  # the held keyword alone, then each value paired and alone
    points, _ = sweep(replayer, "SynthAssist", ("lookup", 1000), named["cache"])
    assert [(p.value, p.outcome) for p in points] == [
        ("__llem_probe__", "same"),
        ("dynamic", "quiet"),
        ("static", "raise"),
    ]
    assert points[2].message == "assist cannot use a static cache"


def test_conflict_finding_of_a_warning_that_keeps_the_siblings_effect(replayer: Any) -> None:
    named = _named(_all_series(replayer, "SynthAssist", ASSIST_KEYWORDS))
    pair = Pair(named["lookup"], 1000, named["beams"], 2)
    finding, replays = conflict_finding(replayer, "SynthAssist", pair)
    assert finding is not None
    assert (finding.keyword, finding.outcome, finding.dormant) == ("lookup", "warn", True)
    assert finding.fields == {"lookup": PRESENT, "beams": {">": 1}}
    assert finding.normalised == {"lookup": None}
    assert finding.template == "lookup is ignored with beams"
    assert finding.observed == ({"lookup": 1000, "beams": 2}, {"lookup": 1000})
    assert replays == (1 + 2 * 4) + (1 + 2 * 4)  # beams' 4 values, then lookup's 4


def test_conflict_finding_of_an_error_leaves_out_the_values_that_raise_alone(
    replayer: Any,
) -> None:
    named = _named(_all_series(replayer, "SynthAssist", ASSIST_KEYWORDS))
    pair = Pair(named["lookup"], 1000, named["cache"], "static")
    finding, replays = conflict_finding(replayer, "SynthAssist", pair)
    assert finding is not None
    assert (finding.outcome, finding.dormant, finding.normalised) == ("raise", False, {})
    assert finding.fields == {"lookup": PRESENT, "cache": "static"}
    assert finding.template == "assist cannot use a static cache"
    assert replays == (1 + 2 * 2) + (1 + 2 * 4)


def test_conflict_finding_is_none_when_the_pair_shows_nothing(replayer: Any) -> None:
    named = _named(_all_series(replayer, "SynthAssist", ASSIST_KEYWORDS))
    pair = Pair(named["lookup"], 1000, named["cache"], "dynamic")  # the cache's default
    finding, replays = conflict_finding(replayer, "SynthAssist", pair)
    assert finding is None
    assert replays == 1 + 2 * 2  # only the sibling's sweep


def test_a_sibling_that_undoes_an_error_makes_a_pair(replayer: Any) -> None:
    all_series = _all_series(replayer, "SynthDola", DOLA_KEYWORDS)
    named = _named(all_series)
    finding = series_findings(named["layers"])[0]
    assert isinstance(finding, Finding) and finding.observed[0] == {"layers": 1}
    in_context = with_context(replayer, "SynthDola", finding, all_series)
    assert [f.fields for f in in_context.findings] == [{"layers": PRESENT, "beams": 1}]
    assert [_pair_key(pair) for pair in in_context.undoing] == [("layers", 1, "beams", 2)]
    assert in_context.undoing[0].inert is named["layers"]
    assert in_context.replays == 1
    warned, _ = conflict_finding(replayer, "SynthDola", in_context.undoing[0])
    assert warned is not None
    assert (warned.outcome, warned.dormant) == ("warn", True)
    assert warned.fields == {"layers": PRESENT, "beams": {">": 1}}


def test_a_warning_undone_by_a_sibling_makes_no_pair(replayer: Any) -> None:
    keywords = {"w": KeywordFacts("bool", False), "z": KeywordFacts("float", 1.0, (1.0,))}
    all_series = _all_series(replayer, "Hinted", keywords)
    template = "`z` is set to {z} but only used when `w` is true"
    finding = Finding("z", "warn", {"z": {"!=": 1.0}}, template, "", ({"z": 1.5}, {"z": 1.0}))
    in_context = with_context(replayer, "Hinted", finding, all_series)
    assert [f.fields for f in in_context.findings] == [{"z": {"!=": 1.0}, "w": False}]
    assert in_context.undoing == []
