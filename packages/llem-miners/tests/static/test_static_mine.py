"""Mining the synthetic library (static_synthlib): exact candidates and unmined constructs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import Candidate, MineResult
from llem_miners.static import mine_static
from llem_miners.static.logic import FALSY
from llem_miners.static.source import load_function

Line = Callable[[str, str], int]
CONFIG = MineTarget(
    native_type="Config",
    code=(
        "static_synthlib.config:Config.validate",
        "static_synthlib.config:Config._untranslatable",
    ),
    error_types=("SampleError",),
)
PROCESSORS = MineTarget(
    native_type="generate",
    code=(
        "static_synthlib.processors:TemperatureWarper.__init__",
        "static_synthlib.processors:TopPWarper.__init__",
        "static_synthlib.processors:PenaltyProcessor.__init__",
    ),
    parameters={"penalty": "repetition_penalty"},
)
EFFECTS = MineTarget(
    native_type="generate",
    code=("static_synthlib.processors:build_processors",),
    subjects=("config",),
    effect_sinks=("processors.append",),
)
GENERATION = MineTarget(
    native_type="GenerationConfig",
    code=("static_synthlib.generation_like:GenerationLikeConfig.validate",),
    warn_sinks=("minor_issues",),
)


def at(result: MineResult, line: int) -> list[Candidate]:
    return [candidate for candidate in result.candidates if candidate.where.line == line]


def summary(candidate: Candidate) -> tuple[Any, ...]:
    return (
        candidate.severity,
        candidate.expected_outcome,
        dict(candidate.fields),
        candidate.message_template,
        dict(candidate.normalised),
    )


def unmined(result: MineResult) -> dict[int, tuple[str, str]]:
    return {item.where.line or 0: (item.construct, item.reason) for item in result.unmined}


@pytest.fixture
def config(synthlib: Path) -> MineResult:
    return mine_static(CONFIG)


def test_where_names_the_file_method_and_line(config: MineResult, line: Line) -> None:
    [candidate] = at(config, line("config.py", "max_new_tokens"))
    assert candidate.where.file == "static_synthlib/config.py"
    assert candidate.where.method == "Config.validate"
    assert candidate.native_type == "Config"
    assert candidate.added_by == "static_miner"
    assert candidate.kwargs_positive == {"max_new_tokens": 0}
    assert candidate.kwargs_negative == {"max_new_tokens": 1}
    assert summary(candidate) == (
        "error",
        "raise",
        {"max_new_tokens": {"<=": 0}},
        "`max_new_tokens` must be greater than 0, but is {max_new_tokens}.",
        {},
    )


def test_error_candidates(config: MineResult, line: Line) -> None:
    def fields(marker: str) -> list[dict[str, Any]]:
        found = at(config, line("config.py", marker))
        assert all(c.severity == "error" and c.expected_outcome == "raise" for c in found)
        return [dict(c.fields) for c in found]

    assert fields("early_stopping") == [
        {"early_stopping": {"not_in": ["never", 0, 1, False, True]}}
    ]
    assert fields("weight") == [{"weight": {"<=": 0.0}}, {"weight": {">=": 1.0}}]
    assert fields("cache") == [{"cache": {"not_in": ["dynamic", "paged", "static"]}}]
    assert fields("mode") == [{"mode": {"in": ["exact", "fast"]}, "threads": {"absent": True}}]
    truthy = {"not_in": list(FALSY)}
    assert fields("load_both") == [{"load_a": truthy, "load_b": truthy}]
    assert fields("words") == [{"words": {"==": []}}]
    assert fields("width") == [{"width": {"<": 0}}]
    assert fields("k_or_helper") == [{"k": {"<": 0}}]
    # A config value is plain data, never an instance of a library class.
    assert fields("class_type") == [{"compiled": {"present": True}}]


def test_templates_of_errors(config: MineResult, line: Line) -> None:
    [cache] = at(config, line("config.py", "cache"))
    assert cache.message_template == "Invalid `cache` ({cache}). Choose one of: {value}"
    [mode] = at(config, line("config.py", "mode"))
    assert mode.message_template == "a mode needs `threads`"
    [width] = at(config, line("config.py", "width"))
    assert width.message_template == "`width` must not be negative"


def test_warnings(config: MineResult, line: Line) -> None:
    [beams] = at(config, line("config.py", "nrs_beams"))
    assert summary(beams) == (
        "warn",
        "warn",
        {"num_return_sequences": {">": "@num_beams"}, "num_beams": {"present": True}},
        "`num_return_sequences` ({num_return_sequences}) exceeds `num_beams`",
        {},
    )
    assert beams.kwargs_positive == {"num_beams": 2, "num_return_sequences": 3}
    seeds = at(config, line("config.py", "seed"))
    assert [dict(c.fields) for c in seeds] == [
        {"seed": {"type_is": "bool"}},
        {"seed": {"type_is_not": "number"}},
    ]
    assert {c.message_template for c in seeds} == {"`seed` should be a number, got {seed}"}


def test_normalisation(config: MineResult, line: Line) -> None:
    [top_k] = at(config, line("config.py", "top_k_normalise"))
    assert summary(top_k) == (
        "dormant",
        "normalise",
        {"top_k": {"==": 0}},
        "`top_k` is set to None",
        {"top_k": None},
    )


def test_untranslatable_constructs_are_unmined(config: MineResult, line: Line) -> None:
    def reason(marker: str) -> tuple[str, str]:
        return unmined(config)[line("config.py", marker)]

    assert reason("dtype_normalise") == (
        "self.dtype = build_message(self)",
        "`dtype` is set to a value that is not a literal",
    )
    assert reason("helper_call") == ("helper(self.mode)", "a call the static miner cannot evaluate")
    assert reason("attribute_chain") == ("self.sub.depth > 1", "compares no keyword")
    assert reason("k_or_helper") == ("helper(self.k)", "a call the static miner cannot evaluate")
    assert reason("not_an_error") == (
        "raise Interrupt('level')",
        "raises Interrupt, not an error type",
    )
    assert reason("conflict")[1] == "conflicting predicates: `level` > both 1 and '@limit'"
    assert reason("non_literal_message")[1] == "its message has no literal text"
    assert reason("loop") == (
        "for flag in self.flags",
        "inside a loop over a non-literal collection",
    )
    assert reason("handler") == ("except ImportError", "inside an exception handler")
    assert reason("unconditional") == ("raise ValueError('always')", "no condition guards it")
    assert len(config.unmined) == 10
    assert len(config.candidates) == 15


def test_processor_checks(synthlib: Path, line: Line) -> None:
    result = mine_static(PROCESSORS)
    temperature = at(result, line("processors.py", "temperature"))
    assert [dict(c.fields) for c in temperature] == [
        {"temperature": {"<=": 0}},
        {"temperature": {"type_is_not": "float"}},
    ]
    assert temperature[0].message_template == (
        "`temperature` (={temperature}) has to be a strictly positive float, otherwise your next"
        " token scores will be invalid."
    )
    assert temperature[0].kwargs_positive == {"temperature": 0.0}
    top_p = at(result, line("processors.py", "top_p"))
    assert [dict(c.fields) for c in top_p] == [{"top_p": {"<": 0}}, {"top_p": {">": 1.0}}]
    [penalty] = at(result, line("processors.py", "penalty"))
    assert summary(penalty) == (
        "error",
        "raise",
        {"repetition_penalty": {"<=": 0}},
        "`penalty` has to be strictly positive, but is {repetition_penalty}",
        {},
    )
    assert penalty.kwargs_negative == {"repetition_penalty": 1.0}
    assert penalty.where.method == "PenaltyProcessor.__init__"
    assert result.unmined == ()


def test_effect_sinks(synthlib: Path, line: Line) -> None:
    result = mine_static(EFFECTS)

    def rules(marker: str) -> list[tuple[Any, ...]]:
        found = at(result, line("processors.py", marker))
        assert all(c.severity == "dormant" and c.expected_outcome == "ignore" for c in found)
        return [(dict(c.fields), dict(c.normalised)) for c in found]

    assert rules("effect_top_p") == [({"top_p": {">=": 1.0}}, {"top_p": None})]
    assert rules("effect_temperature") == [({"temperature": {"==": 1.0}}, {"temperature": None})]
    assert rules("effect_eps") == [
        ({"eps": {"<=": 0.0}}, {"eps": None}),
        ({"eps": {">=": 1.0}}, {"eps": None}),
    ]
    assert rules("effect_alpha") == [({"alpha": {"<=": 0}}, {"alpha": None})]
    assert unmined(result) == {
        line("processors.py", "effect_presence"): (
            "processors.append(config.min_p)",
            "`min_p` is only tested for presence",
        ),
        line("processors.py", "effect_opaque"): (
            "processors.append(extra)",
            "no enclosing condition is about a single keyword",
        ),
    }


def test_generation_config_idioms(synthlib: Path, line: Line) -> None:
    result = mine_static(GENERATION)
    [temperature] = at(result, line("generation_like.py", "g_temperature"))
    assert summary(temperature) == (
        "dormant",
        "warn",
        {"temperature": {"!=": 1.0}, "do_sample": {"!=": True}},
        "`do_sample` is not set to `True`. However, `temperature` is set to `{temperature}` -- this"
        " flag is only used in sample-based generation modes. You should set `do_sample=True` or"
        " unset `temperature`.",
        {"temperature": None},
    )
    greedy = at(result, line("generation_like.py", "g_greedy_nrs"))
    more = {"num_return_sequences": {">": 1}}
    assert [dict(c.fields) for c in greedy] == [
        {"do_sample": {"absent": True}, "num_beams": {"==": 1}, **more},
        {"do_sample": {"absent": True}, "num_beams": {"absent": True}, **more},
        {"do_sample": {"in": list(FALSY)}, "num_beams": {"==": 1}, **more},
        {"do_sample": {"in": list(FALSY)}, "num_beams": {"absent": True}, **more},
    ]
    no_cache = at(result, line("generation_like.py", "g_no_cache"))
    assert [(dict(c.fields), c.message_template) for c in no_cache] == [
        (
            {"cache_config": {"present": True}, "use_cache": False},
            "You have not set `use_cache` to `True`, but cache_config is set to {cache_config}."
            "cache_config will have no effect.",
        ),
        (
            {"cache_implementation": {"present": True}, "use_cache": False},
            "You have not set `use_cache` to `True`, but cache_implementation is set to"
            " {cache_implementation}.cache_implementation will have no effect.",
        ),
    ]
    assert unmined(result) == {
        line("generation_like.py", "g_extra"): (
            "minor_issues[extra_output_flag] = f'`{extra_output_flag}` is ignored.'",
            "a warn-sink key that is not a literal keyword name",
        ),
        line("generation_like.py", "g_strict"): (
            "len(minor_issues) > 0",
            "the length of something that is not a keyword",
        ),
    }


def test_mining_is_deterministic_and_ordered(synthlib: Path) -> None:
    first, second = mine_static(CONFIG), mine_static(CONFIG)
    assert first == second
    keys = [(c.where.file, c.where.line or 0) for c in first.candidates]
    assert keys == sorted(keys)
    lines = [u.where.line or 0 for u in first.unmined]
    assert lines == sorted(lines)


def test_an_unreadable_function_is_unmined(synthlib: Path) -> None:
    result = mine_static(MineTarget(native_type="Config", code=("static_synthlib.config:Nope.x",)))
    [item] = result.unmined
    assert item.construct == "static_synthlib.config:Nope.x"
    assert item.reason.startswith("cannot read its source: AttributeError")
    assert result.candidates == ()


def test_a_method_that_does_not_dedent_alone_is_found_in_its_module(
    synthlib: Path, line: Callable[[str, str], int]
) -> None:
    source = load_function("static_synthlib.tabbed:Healer.heal")
    assert source.qualname == "Healer.heal"
    target = MineTarget(native_type="Heal", code=("static_synthlib.tabbed:Healer.heal",))
    (candidate,) = mine_static(target).candidates
    assert candidate.where.line == line("tabbed.py", "heal") + 1
    assert candidate.message_template == "token healing needs a tokenizer"


def test_checks_below_an_early_exit_carry_its_negation(synthlib: Path, line: Line) -> None:
    target = MineTarget(
        native_type="Params",
        code=(
            "static_synthlib.early_exit:Params.validate",
            "static_synthlib.early_exit:Params.loop",
        ),
    )
    result = mine_static(target)
    [after_return] = at(result, line("early_exit.py", "after_return"))
    assert after_return.fields == {"mode": {"present": True}, "top_k": {"<": 0}}
    [after_beams] = at(result, line("early_exit.py", "after_beams"))
    assert after_beams.fields == {"mode": {"present": True}, "beams": {"!=": 1}}
    assert at(result, line("early_exit.py", "unreachable")) == []
    continued = at(result, line("early_exit.py", "after_continue"))
    assert sorted(str(c.fields) for c in continued) == [
        "{'level': {'!=': 'high'}}",
        "{'level': {'!=': 'low'}}",
    ]


def test_the_keywords_the_code_tests_are_reported_for_probing(synthlib: Path) -> None:
    target = MineTarget(native_type="Params", code=("static_synthlib.early_exit:Params.validate",))
    assert mine_static(target).tested == (("mode", True), ("top_k", 0), ("beams", 1))
