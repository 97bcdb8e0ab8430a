"""The replay gate's logic with a fake library (no engine installed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from llem.rules.model import Corpus, NativeType, Rule, RuleSource
from llem.rules.predicates import compile_field
from llem_miners.gate.probes import around, outside, probe_values, template_regex
from llem_miners.gate.report import render_yaml, trim
from llem_miners.gate.run import GateUsageError, check_version, observed_path, run_gate
from llem_miners.replay import Observation

PATHS = {"x": "fake.x", "y": "fake.y", "z": "fake.z", "mode": "fake.mode", "*": "fake.extra"}
NATIVE = NativeType("Fake", "fake:Fake", "construct", PATHS)
SOURCE = RuleSource("fakelib", "1.0", "fake.py", "Fake.__init__", 1)
BASE_VIEW: dict[str, Any] = {"fake": {"x": 1, "y": 0, "z": None, "mode": "a", "extra": {}}}


class FakeReplayer:
    """A library that rejects ``x <= 0``, warns for ``y > 5``, ignores ``z >= 1`` and rejects a
    ``mode`` outside ``a``/``b``."""

    library_version = "1.0"

    def __init__(self) -> None:
        self.calls = 0

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        if native_type != "Fake":
            raise ValueError(f"unknown native type {native_type!r}")
        self.calls += 1
        x, y, z = kwargs.get("x", 1), kwargs.get("y", 0), kwargs.get("z")
        if x <= 0:
            return Observation(raised=f"ValueError: x must be positive, got {x}")
        if kwargs.get("mode", "a") not in ("a", "b"):
            return Observation(raised=f"ValueError: unknown mode {kwargs['mode']!r}")
        warnings = (f"y={y} is large",) if y > 5 else ()
        effect = {"x": x, "y": y, "z": z if z is not None and z < 1 else None}
        return Observation(warnings=warnings, effect=effect)


def make_rule(rule_id: str, fields: Mapping[str, Any], **overrides: Any) -> Rule:
    values: dict[str, Any] = {
        "id": rule_id,
        "engine": "fake",
        "severity": "error",
        "native_type": "Fake",
        "fields": tuple(compile_field(path, spec) for path, spec in fields.items()),
        "kwargs_positive": {"x": 0},
        "kwargs_negative": {"x": 1},
        "expected_outcome": "raise",
        "message_template": "x must be positive, got {x}",
        "source": SOURCE,
        "added_by": "manual_seed",
    }
    return Rule(**{**values, **overrides})


def corpus(*rules: Rule, version: str = "1.0") -> Corpus:
    return Corpus("fake", "fakelib", version, {"Fake": NATIVE}, rules)


def reasons(rule: Rule) -> list[str]:
    (result,) = run_gate(corpus(rule), FakeReplayer(), BASE_VIEW).results
    return list(result.reasons)


GOOD = (
    make_rule("x_positive", {"fake.x": {"<=": 0}}),
    make_rule(
        "y_large",
        {"fake.y": {">": 5}},
        severity="warn",
        kwargs_positive={"y": 7},
        kwargs_negative={"y": 5},
        expected_outcome="warn",
        message_template="y={y} is large",
    ),
    make_rule(
        "z_ignored",
        {"fake.z": {">=": 1.0}},
        severity="dormant",
        kwargs_positive={"z": 1.5},
        kwargs_negative={"z": 0.5},
        expected_outcome="ignore",
        message_template="z is ignored",
        normalised={"fake.z": None},
    ),
    make_rule(
        "mode_known",
        {"fake.mode": {"not_in": ["a", "b"]}},
        kwargs_positive={"mode": "c"},
        kwargs_negative={"mode": "b"},
        message_template="unknown mode {mode}",
    ),
)


def test_template_regex() -> None:
    pattern = template_regex("`x` (={x}) must be > {limit}.")
    assert pattern.search("ValueError: `x` (=0) must be > 1. More text")
    assert not pattern.search("`x` (=0) must be >= 1.")
    assert template_regex("a {b}\nc").search("a 1\n2\nc")


def test_probe_values() -> None:
    assert probe_values({"<=": 0}) == [-1, 0, 1]
    assert probe_values({"<=": 0}, example=0.0) == [-0.001, 0.0, 0.001]
    assert probe_values({">": 0.5}) == [0.499, 0.5, 0.501]
    assert probe_values({">": 0, "<": 1}, example=0.5) == [-0.001, 0.0, 0.001, 0.999, 1.0, 1.001]
    assert probe_values(4) == [3, 4, 5]
    assert probe_values(True) == [] and probe_values("nf4") == []
    assert probe_values({"in": [1, 2]}) == [1, 2, 3]
    assert probe_values({"not_in": ["a", "@b"]}) == ["a", "@b", "__llem_probe__"]
    assert probe_values({"<": "@other"}) == []
    assert probe_values({"present": True}) == []
    assert probe_values([1, 2]) == []
    assert around(1000.0, as_float=True) == [999.0, 1000.0, 1001.0]
    assert outside([True]) is False and outside([True, False]) is None


def test_a_correct_corpus_is_confirmed() -> None:
    report = run_gate(corpus(*GOOD), FakeReplayer(), BASE_VIEW)
    assert [result.reasons for result in report.results] == [(), (), (), ()]
    assert report.ok
    assert report.counts() == {"rules": 4, "confirmed": 4, "divergent": 0, "probes": 12}
    assert report.summary_lines()[-1].startswith("4 rules: 4 confirmed, 0 divergent")


def test_replays_are_cached() -> None:
    replayer = FakeReplayer()
    run_gate(corpus(GOOD[0]), replayer, BASE_VIEW)
    assert replayer.calls == 3  # positive (== probe 0), negative (== probe 1), probe -1


def test_an_over_broad_threshold() -> None:
    found = reasons(make_rule("broad", {"fake.x": {"<=": 1}}, kwargs_negative={"x": 2}))
    assert found == [
        "boundary probe x=1: the predicate fires but the library does not raise (raised nothing "
        "(no warnings)); the predicate is too broad"
    ]


def test_a_too_narrow_threshold() -> None:
    found = reasons(make_rule("narrow", {"fake.x": {"<": -1}}, kwargs_positive={"x": -5}))
    assert len(found) == 2 and all("too narrow" in reason for reason in found)
    assert "boundary probe x=-1" in found[0] and "boundary probe x=0" in found[1]


def test_membership_probes() -> None:
    rule = make_rule(
        "mode_bad",
        {"fake.mode": {"in": ["b", "c"]}},
        kwargs_positive={"mode": "c"},
        kwargs_negative={"mode": "a"},
        message_template="unknown mode {mode}",
    )
    broad, narrow = reasons(rule)
    assert broad.startswith("boundary probe mode='b': the predicate fires but the library does not")
    assert narrow.startswith("boundary probe mode='__llem_probe__': the library shows the outcome")


def test_dormant_rule_checks_the_effect() -> None:
    wrong = make_rule(
        "z_wrong",
        {"fake.z": {">=": 0.25}},
        severity="dormant",
        kwargs_positive={"z": 0.5},
        kwargs_negative={"z": 0.1},
        expected_outcome="ignore",
        message_template="ignored",
        normalised={"fake.z": None},
    )
    found = reasons(wrong)
    assert found[0].startswith("positive {'z': 0.5}: expected to ignore, but its effect differs")


def test_template_negative_and_predicate_mismatches() -> None:
    found = reasons(make_rule("msg", {"fake.x": {"<=": 0}}, message_template="x is {x} bad"))
    assert "which does not match the template" in found[0]
    found = reasons(make_rule("neg", {"fake.x": {"<=": 0}}, kwargs_negative={"x": -3}))
    assert found[0].startswith("negative {'x': -3}: must not raise, but raised")
    assert found[1] == "the predicate matches the negative example {'x': -3}"
    found = reasons(make_rule("pos", {"fake.y": {">": 0}}))
    assert found[0].startswith("the predicate does not match the positive example {'x': 0}")


def test_unknown_native_type_is_a_divergence() -> None:
    rule = make_rule("other", {"fake.x": {"<=": 0}}, native_type="Other")
    other = NativeType("Other", "fake:Other", "construct", PATHS)
    report = run_gate(
        Corpus("fake", "fakelib", "1.0", {"Other": other}, (rule,)), FakeReplayer(), {}
    )
    assert report.results[0].reasons == ("cannot replay: unknown native type 'Other'",)


def test_version_check_and_observed_path(tmp_path: Path) -> None:
    with pytest.raises(GateUsageError, match=r"installed fakelib is 1\.0, but the corpus"):
        check_version(corpus(version="2.0"), FakeReplayer())
    check_version(corpus(), FakeReplayer())
    assert observed_path(tmp_path / "rules.yaml", None) == tmp_path / "rules.observed.yaml"
    assert observed_path(None, tmp_path / "o.yaml") == tmp_path / "o.yaml"
    with pytest.raises(GateUsageError, match="--observed"):
        observed_path(None, None)


def test_report_yaml_is_deterministic() -> None:
    first = render_yaml(run_gate(corpus(*GOOD), FakeReplayer(), BASE_VIEW).document())
    second = render_yaml(run_gate(corpus(*GOOD), FakeReplayer(), BASE_VIEW).document())
    assert first == second
    assert first.startswith("engine: fake\nlibrary: fakelib\ninstalled_version: '1.0'\n")
    assert trim("at 0x7f3a2b1c4d50 " + "a" * 400).startswith("at 0x… aaa")
