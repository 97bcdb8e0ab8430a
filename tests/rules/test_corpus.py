"""Loading a rule corpus: a valid one becomes records; every malformed one is a CorpusError that
names the file, the rule and the problem."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from llem.errors import PluginError
from llem.rules.corpus import CorpusError, load_corpus_resource, parse_corpus
from llem.rules.model import NativeType, RuleSource

VALID = """\
format: 1
engine: transformers
library: transformers
library_version: "5.23.0"
native_types:
  GenerationConfig:
    target: transformers:GenerationConfig
    stage: construct
    config_paths:
      temperature: transformers.sampling.temperature
      do_sample: transformers.sampling.do_sample
      "*": transformers.generation
rules:
  - id: r.error
    engine: transformers
    severity: error
    native_type: GenerationConfig
    match:
      fields:
        transformers.sampling.temperature: {"<=": 0}
    kwargs_positive: {temperature: 0.0, do_sample: true}
    kwargs_negative: {temperature: 0.5, do_sample: true}
    expected_outcome: raise
    message_template: "`temperature` (={temperature}) has to be strictly positive"
    source: {library: transformers, version: "5.23.0", file: logits_process.py,
             method: TemperatureLogitsWarper.__init__, line: 265}
    added_by: manual_seed
    description: Zero temperature is rejected.
  - id: r.warn
    engine: transformers
    severity: warn
    native_type: GenerationConfig
    match:
      fields:
        transformers.generation.num_beams: {not_divisible_by: "@num_beam_groups"}
    kwargs_positive: {num_beams: 3, num_beam_groups: 2}
    kwargs_negative: {num_beams: 4, num_beam_groups: 2}
    expected_outcome: warn
    message_template: "`num_beams` should be divisible by `num_beam_groups`"
    normalised: {}
    source: {library: transformers, version: "5.23.0", file: configuration_utils.py,
             method: GenerationConfig.validate}
    added_by: static_miner
  - id: r.dormant
    engine: transformers
    severity: dormant
    native_type: GenerationConfig
    match:
      fields:
        transformers.sampling.do_sample: false
        transformers.sampling.temperature: {present: true, "!=": 1.0}
    kwargs_positive: {do_sample: false, temperature: 0.5}
    kwargs_negative: {do_sample: true, temperature: 0.5}
    expected_outcome: ignore
    message_template: "`temperature` is ignored without sampling"
    normalised: {transformers.sampling.temperature: 1.0}
    source: {library: transformers, version: "5.23.0", file: configuration_utils.py,
             method: GenerationConfig.validate, line: null}
    added_by: manual_seed
"""

Edit = Callable[[dict[str, Any]], object]


def edited(edit: Edit) -> str:
    """The valid corpus, loaded, changed by ``edit`` and dumped back to YAML text."""
    data = YAML(typ="safe").load(VALID)
    edit(data)
    out = io.StringIO()
    YAML(typ="safe").dump(data, out)
    return out.getvalue()


def problem_of(edit: Edit) -> str:
    with pytest.raises(CorpusError) as caught:
        parse_corpus(edited(edit), "rules.yaml")
    return str(caught.value)


def test_a_valid_corpus_loads_into_records() -> None:
    corpus = parse_corpus(VALID, "rules.yaml")
    assert (corpus.engine, corpus.library, corpus.library_version) == (
        "transformers",
        "transformers",
        "5.23.0",
    )
    assert corpus.origin == "rules.yaml"
    assert [rule.id for rule in corpus.rules] == ["r.error", "r.warn", "r.dormant"]
    assert corpus.native_types["GenerationConfig"] == NativeType(
        "GenerationConfig",
        "transformers:GenerationConfig",
        "construct",
        {
            "temperature": "transformers.sampling.temperature",
            "do_sample": "transformers.sampling.do_sample",
            "*": "transformers.generation",
        },
    )


def test_rule_records_carry_every_field() -> None:
    corpus = parse_corpus(VALID, "rules.yaml")
    error, warn, dormant = corpus.rules
    assert error.severity == "error" and error.expected_outcome == "raise"
    assert error.paths == ("transformers.sampling.temperature",)
    assert error.kwargs_positive == {"temperature": 0.0, "do_sample": True}
    assert error.source == RuleSource(
        "transformers", "5.23.0", "logits_process.py", "TemperatureLogitsWarper.__init__", 265
    )
    assert error.description == "Zero temperature is rejected."
    assert warn.normalised == {} and warn.source.line is None
    assert dormant.normalised == {"transformers.sampling.temperature": 1.0}
    assert dormant.paths == ("transformers.sampling.do_sample", "transformers.sampling.temperature")
    assert corpus.by_severity("dormant") == (dormant,)


def test_loaded_predicates_are_compiled() -> None:
    corpus = parse_corpus(VALID, "rules.yaml")
    view = {"transformers": {"sampling": {"do_sample": False, "temperature": 0.0}}}
    assert corpus.rule("r.error").matches(view) is True
    assert corpus.rule("r.dormant").matches(view) is True
    view["transformers"]["sampling"]["temperature"] = 1.0
    assert corpus.rule("r.error").matches(view) is False
    assert corpus.rule("r.dormant").matches(view) is False


def rule(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = data["rules"][index]
    return found


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda d: rule(d).pop("message_template"),
            "rules.yaml: rule 'r.error': missing key 'message_template'",
        ),
        (
            lambda d: rule(d).update(severty="error"),
            "rule 'r.error': unknown key 'severty' (did you mean 'severity'?)",
        ),
        (
            lambda d: rule(d, 1).update(id="r.error"),
            "rule 'r.error': duplicate id (also rules[0])",
        ),
        (
            lambda d: rule(d).update(severity="fatal"),
            "rule 'r.error': severity: must be one of error, warn, dormant (got 'fatal')",
        ),
        (
            lambda d: rule(d).update(expected_outcome="warn"),
            "rule 'r.error': expected_outcome: 'warn' does not fit severity 'error' "
            "(expected raise)",
        ),
        (
            lambda d: rule(d).update(expected_outcome="explode"),
            "rule 'r.error': expected_outcome: must be one of raise, warn, normalise, ignore",
        ),
        (
            lambda d: rule(d, 2).pop("normalised"),
            "rule 'r.dormant': dormant rules need normalised",
        ),
        (
            lambda d: rule(d, 2).update(normalised={}),
            "rule 'r.dormant': dormant rules need normalised",
        ),
        (
            lambda d: rule(d).update(normalised={"transformers.sampling.temperature": 1.0}),
            "rule 'r.error': normalised: only dormant rules normalise",
        ),
        (
            lambda d: rule(d).update(native_type="GenConfig"),
            "rule 'r.error': native_type: undeclared native type 'GenConfig' "
            "(did you mean 'GenerationConfig'?)",
        ),
        (
            lambda d: rule(d)["match"]["fields"].update(
                {"transformers.sampling.temperature": {"gt": 0}}
            ),
            "rules.yaml: rule 'r.error': match.fields.transformers.sampling.temperature: "
            "unknown operator 'gt' (did you mean '>'?)",
        ),
        (
            lambda d: rule(d)["match"]["fields"].update(
                {"transformers.sampling.temperature": None}
            ),
            "rule 'r.error': match.fields.transformers.sampling.temperature: a null predicate",
        ),
        (
            lambda d: rule(d)["match"].update(fields={}),
            "rule 'r.error': match.fields: must not be empty",
        ),
        (
            lambda d: rule(d)["match"].update(field={}),
            "rule 'r.error': match: unknown key 'field' (did you mean 'fields'?)",
        ),
        (
            lambda d: rule(d).update(kwargs_negative={}),
            "rule 'r.error': kwargs_negative: must not be empty",
        ),
        (
            lambda d: rule(d).update(engine="vllm"),
            "rule 'r.error': engine: 'vllm' is not the corpus engine 'transformers'",
        ),
        (
            lambda d: rule(d).update(added_by="someone"),
            "rule 'r.error': added_by: must be one of manual_seed",
        ),
        (
            lambda d: rule(d)["source"].update(line="265"),
            "rule 'r.error': source.line: must be a positive integer or null",
        ),
        (
            lambda d: rule(d)["source"].pop("method"),
            "rule 'r.error': source: missing key 'method'",
        ),
        (
            lambda d: rule(d, 2)["normalised"].update({"a..b": 1}),
            "rule 'r.dormant': normalised.a..b: empty key in path",
        ),
        (lambda d: rule(d).pop("id"), "rules.yaml: rules[0]: missing key 'id'"),
        (lambda d: d["rules"].append("oops"), "rules.yaml: rules[3]: must be a mapping"),
        (lambda d: d.update(format=2), "rules.yaml: format: unsupported corpus format 2"),
        (lambda d: d.pop("library"), "rules.yaml: missing key 'library'"),
        (
            lambda d: d.update(librar="x"),
            "rules.yaml: unknown key 'librar' (did you mean 'library'?)",
        ),
        (
            lambda d: d.update(library_version=5.23),
            "rules.yaml: library_version: must be a non-empty string (got 5.23) (quote it)",
        ),
        (
            lambda d: d["native_types"]["GenerationConfig"].pop("stage"),
            "rules.yaml: native_types.GenerationConfig: missing key 'stage'",
        ),
        (
            lambda d: d["native_types"]["GenerationConfig"]["config_paths"].update(top_k=""),
            "rules.yaml: native_types.GenerationConfig.config_paths.top_k: must be a non-empty",
        ),
        (lambda d: d.update(rules={}), "rules.yaml: rules: must be a list of rules"),
    ],
)
def test_malformed_corpora_name_the_rule_and_the_problem(edit: Edit, expected: str) -> None:
    assert expected in problem_of(edit)


def test_every_problem_is_reported_at_once() -> None:
    def two_problems(data: dict[str, Any]) -> None:
        rule(data).update(severity="fatal")
        rule(data, 2).update(native_type="Nope")

    with pytest.raises(CorpusError) as caught:
        parse_corpus(edited(two_problems), "rules.yaml")
    problems = caught.value.problems
    assert len(problems) == 2
    assert "rule 'r.error': severity" in problems[0]
    assert "rule 'r.dormant': native_type: undeclared native type 'Nope'" in problems[1]
    assert all(problem in str(caught.value) for problem in problems)


def test_an_unreadable_native_types_section_does_not_blame_every_rule() -> None:
    problem = problem_of(lambda d: d.update(native_types=[]))
    assert "native_types: must be a mapping" in problem
    assert "undeclared" not in problem


def test_invalid_yaml_and_duplicate_keys_name_the_file() -> None:
    with pytest.raises(CorpusError, match=r"^rules\.yaml: not valid YAML"):
        parse_corpus("rules: [", "rules.yaml")
    duplicate = r'^rules\.yaml: not valid YAML: found duplicate key "engine".*\(line 2, column 1\)$'
    with pytest.raises(CorpusError, match=duplicate):
        parse_corpus("engine: a\nengine: b\n", "rules.yaml")


def test_a_corpus_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(CorpusError, match=r"^rules\.yaml: must be a mapping \(got list\)"):
        parse_corpus("- 1\n", "rules.yaml")


def test_a_corpus_error_is_a_plugin_problem() -> None:
    assert issubclass(CorpusError, PluginError)
    assert CorpusError("x").exit_code == 4
    assert CorpusError("x").problems == ("x",)


@pytest.fixture
def corpus_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An importable package ``fake_engine_rules`` with ``data/rules.yaml``."""
    package = tmp_path / "fake_engine_rules"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "data" / "rules.yaml").write_text(VALID)
    (package / "data" / "broken.yaml").write_text(VALID.replace("severity: warn", "severity: x"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "fake_engine_rules", raising=False)
    return "fake_engine_rules"


def test_a_corpus_loads_from_package_data(corpus_package: str) -> None:
    corpus = load_corpus_resource(f"{corpus_package}:data/rules.yaml")
    assert corpus.origin == "fake_engine_rules/data/rules.yaml"
    assert len(corpus.rules) == 3


def test_problems_in_package_data_name_the_package_file(corpus_package: str) -> None:
    with pytest.raises(CorpusError, match=r"^fake_engine_rules/data/broken\.yaml: rule 'r\.warn'"):
        load_corpus_resource(f"{corpus_package}:data/broken.yaml")


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ("no_colon.yaml", "a rule corpus is named 'package:relative/path.yaml'"),
        ("fake_engine_rules:data/missing.yaml", "fake_engine_rules/data/missing.yaml: cannot read"),
        ("no_such_package_xyz:rules.yaml", "no_such_package_xyz/rules.yaml: cannot read"),
    ],
)
def test_unreadable_resources_are_corpus_errors(
    corpus_package: str, resource: str, expected: str
) -> None:
    with pytest.raises(CorpusError) as caught:
        load_corpus_resource(resource)
    assert expected in str(caught.value)
