"""The replay gate against the real transformers: good rules pass, planted bad rules are caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules.corpus import parse_corpus
from llem.rules.views import default_view
from llem_miners.gate.run import main, run_gate

pytest.importorskip("torch", reason="needs torch (the engine's runtime extra)")
transformers = pytest.importorskip("transformers", reason="needs transformers")

VERSION = transformers.__version__
SAMPLING = "transformers.sampling"
GENERATE_PATHS = {
    "do_sample": f"{SAMPLING}.do_sample",
    "temperature": f"{SAMPLING}.temperature",
    "top_k": f"{SAMPLING}.top_k",
    "top_p": f"{SAMPLING}.top_p",
    "max_new_tokens": "task.max_output_tokens",
    "*": "transformers.generation",
}
TEMPERATURE_MESSAGE = "`temperature` (={temperature}) has to be a strictly positive float"
VALID_CACHES = [
    "static",
    "offloaded_static",
    "sliding_window",
    "hybrid",
    "hybrid_chunked",
    "offloaded_hybrid",
    "offloaded_hybrid_chunked",
    "dynamic",
    "offloaded",
    "quantized",
    "paged",
]


def rule(rule_id: str, **overrides: Any) -> dict[str, Any]:
    """A correct error rule (temperature must be > 0 when sampling), with ``overrides``."""
    base: dict[str, Any] = {
        "id": rule_id,
        "engine": "transformers",
        "severity": "error",
        "native_type": "generate",
        "match": {"fields": {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": {"<=": 0}}},
        "kwargs_positive": {"do_sample": True, "temperature": 0.0},
        "kwargs_negative": {"do_sample": True, "temperature": 0.5},
        "expected_outcome": "raise",
        "message_template": TEMPERATURE_MESSAGE,
        "source": {
            "library": "transformers",
            "version": VERSION,
            "file": "transformers/generation/logits_process.py",
            "method": "TemperatureLogitsWarper.__init__",
        },
        "added_by": "manual_seed",
    }
    return {**base, **overrides}


GOOD_RULES = [
    rule("t.temperature_positive"),
    rule(
        "t.greedy_ignores_temperature",
        severity="dormant",
        match={"fields": {f"{SAMPLING}.do_sample": False, f"{SAMPLING}.temperature": {"!=": 1.0}}},
        kwargs_positive={"do_sample": False, "temperature": 0.5},
        kwargs_negative={"do_sample": True, "temperature": 0.5},
        expected_outcome="warn",
        message_template="However, `temperature` is set to `{temperature}`",
        normalised={f"{SAMPLING}.temperature": None},
    ),
    rule(
        "t.top_p_of_one_filters_nothing",
        severity="dormant",
        match={"fields": {f"{SAMPLING}.top_p": {">=": 1.0}}},
        kwargs_positive={"do_sample": True, "top_p": 1.5},
        kwargs_negative={"do_sample": True, "top_p": 0.9},
        expected_outcome="ignore",
        message_template="top_p >= 1 keeps every token",
        normalised={f"{SAMPLING}.top_p": None},
    ),
    rule(
        "t.cache_implementation_known",
        native_type="GenerationConfig",
        match={
            "fields": {"transformers.generation.cache_implementation": {"not_in": VALID_CACHES}}
        },
        kwargs_positive={"cache_implementation": "foo"},
        kwargs_negative={"cache_implementation": "static"},
        message_template="Invalid `cache_implementation` ({cache_implementation})",
    ),
]


def write_corpus(directory: Path, rules: list[dict[str, Any]], *, version: str = VERSION) -> Path:
    corpus = {
        "format": 1,
        "engine": "transformers",
        "library": "transformers",
        "library_version": version,
        "native_types": {
            "generate": {
                "target": "transformers:GenerationMixin.generate",
                "stage": "generate",
                "config_paths": GENERATE_PATHS,
            },
            "GenerationConfig": {
                "target": "transformers:GenerationConfig",
                "stage": "construct",
                "config_paths": GENERATE_PATHS,
            },
        },
        "rules": rules,
    }
    path = directory / "corpus.yaml"
    path.write_text(json.dumps(corpus, indent=2), encoding="utf-8")  # JSON is YAML
    return path


def gate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["transformers", "--rules", str(path), "--quiet"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


Replayed = Callable[[Path, str], list[str]]


@pytest.fixture(scope="module")
def replayed() -> Replayed:
    """``replayed(corpus_path, rule_id)``: the gate's reasons for one rule of a corpus file."""
    from llem_transformers.mining.replay import make_replayer

    host = build_host()
    view = default_view("transformers", host.registry, make_converter(host.registry))
    replayer = make_replayer()

    def reasons(path: Path, rule_id: str) -> list[str]:
        corpus = parse_corpus(path.read_text(encoding="utf-8"), str(path))
        report = run_gate(corpus, replayer, view)
        (result,) = [result for result in report.results if result.rule_id == rule_id]
        return list(result.reasons)

    return reasons


def test_correct_rules_pass_and_the_observed_file_is_stable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_corpus(tmp_path, GOOD_RULES)
    code, output = gate(path, capsys)
    assert code == 0, output
    assert "4 rules: 4 confirmed, 0 divergent" in output
    observed = tmp_path / "corpus.observed.yaml"
    first = observed.read_text(encoding="utf-8")
    assert f"installed_version: {VERSION}" in first
    assert "verdict: divergent" not in first
    assert gate(path, capsys)[0] == 0
    assert observed.read_text(encoding="utf-8") == first


def test_an_over_broad_threshold_is_caught_by_the_boundary_probes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broad = rule(
        "t.too_broad",
        match={"fields": {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": {"<=": 0.5}}},
        kwargs_negative={"do_sample": True, "temperature": 0.7},
    )
    path = write_corpus(tmp_path, [*GOOD_RULES, broad])
    code, output = gate(path, capsys)
    assert code == 1
    assert "DIVERGENT t.too_broad" in output
    assert "boundary probe temperature=0.5: the predicate fires" in output
    assert "too broad" in output
    assert "5 rules: 4 confirmed, 1 divergent" in output
    assert "verdict: divergent" in (tmp_path / "corpus.observed.yaml").read_text(encoding="utf-8")


def test_a_template_that_does_not_match_the_message(tmp_path: Path, replayed: Replayed) -> None:
    path = write_corpus(tmp_path, [rule("t.wrong_message", message_template="must exceed {x}")])
    (reason,) = replayed(path, "t.wrong_message")[:1]
    assert reason.startswith("positive {'do_sample': True, 'temperature': 0.0}: expected to raise")
    assert "does not match the template" in reason


def test_a_predicate_that_misses_its_own_positive_example(
    tmp_path: Path, replayed: Replayed
) -> None:
    narrow = rule(
        "t.misses_positive",
        match={"fields": {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": {"<": 0}}},
    )
    reasons = replayed(write_corpus(tmp_path, [narrow]), "t.misses_positive")
    assert any("does not match the positive example" in reason for reason in reasons)
    assert any("transformers.sampling.temperature=0.0" in reason for reason in reasons)


def test_a_negative_example_that_triggers(tmp_path: Path, replayed: Replayed) -> None:
    bad = rule("t.bad_negative", kwargs_negative={"do_sample": True, "temperature": -1.0})
    reasons = replayed(write_corpus(tmp_path, [bad]), "t.bad_negative")
    assert any(reason.startswith("negative") and "must not raise" in reason for reason in reasons)
    assert any("the predicate matches the negative example" in reason for reason in reasons)


def test_a_dormant_rule_whose_value_is_not_ignored(tmp_path: Path, replayed: Replayed) -> None:
    wrong = rule(
        "t.top_k_not_dormant",
        severity="dormant",
        match={"fields": {f"{SAMPLING}.top_k": {">=": 1}}},
        kwargs_positive={"do_sample": True, "top_k": 5},
        kwargs_negative={"do_sample": True, "top_k": 0},
        expected_outcome="ignore",
        message_template="top_k is ignored",
        normalised={f"{SAMPLING}.top_k": None},
    )
    reasons = replayed(write_corpus(tmp_path, [wrong]), "t.top_k_not_dormant")
    assert any("expected to ignore" in reason and "differs from" in reason for reason in reasons)


def test_a_keyword_without_a_config_path(tmp_path: Path, replayed: Replayed) -> None:
    path = write_corpus(tmp_path, [rule("t.unmapped")])
    corpus = json.loads(path.read_text(encoding="utf-8"))
    paths = corpus["native_types"]["generate"]["config_paths"]
    del paths["*"], paths["temperature"]
    path.write_text(json.dumps(corpus), encoding="utf-8")
    reasons = replayed(path, "t.unmapped")
    assert any("['temperature'] map to no config path of generate" in r for r in reasons)


def test_another_library_version_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_corpus(tmp_path, GOOD_RULES, version="0.0.1")
    code, output = gate(path, capsys)
    assert code == 2
    assert f"installed transformers is {VERSION}" in output and "describes 0.0.1" in output
    assert not (tmp_path / "corpus.observed.yaml").exists()


def test_usage_problems_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gate(tmp_path / "missing.yaml", capsys)[0] == 2
    assert main(["no-such-engine", "--quiet"]) == 2
    assert "unknown engine 'no-such-engine'" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nrules: 3\n", encoding="utf-8")
    assert gate(bad, capsys)[0] == 2


def test_observed_can_be_written_elsewhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_corpus(tmp_path, GOOD_RULES[:1])
    target = tmp_path / "out" / "observed.yaml"
    target.parent.mkdir()
    assert main(["transformers", "--rules", str(path), "--observed", str(target)]) == 0
    assert "t.temperature_positive" in target.read_text(encoding="utf-8")
    assert not (tmp_path / "corpus.observed.yaml").exists()


def test_the_shipped_corpus_passes_the_gate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["transformers", "--observed", str(tmp_path / "observed.yaml"), "--quiet"])
    output = capsys.readouterr()
    assert code == 0, output.out + output.err
