"""Invalid transformers configs are rejected and valid ones accepted, with no model loaded."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.rules.native import overlay
from llem.rules.rulebook import RuleBook
from llem.rules.validate import Validation, validate_view
from llem.rules.views import default_view

SAMPLING = "transformers.sampling"
GENERATION = "transformers.generation"
QUANTIZATION = "transformers.quantization"


def validate(values: dict[str, Any]) -> Validation:
    registry = build_host().registry
    view = default_view("transformers", registry, make_converter(registry))
    return validate_view(overlay(view, values), RuleBook(registry).for_engine("transformers"))


def error_ids(validation: Validation) -> set[str]:
    return {finding.rule.id for finding in validation.report.errors}


@pytest.mark.parametrize(
    ("values", "rule_id"),
    [
        ({f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": 0.0}, "temperature_positive"),
        ({f"{SAMPLING}.do_sample": True, f"{SAMPLING}.top_k": -3}, "top_k_not_negative"),
        ({f"{SAMPLING}.do_sample": True, f"{SAMPLING}.min_p": 1.5}, "min_p_at_most_one"),
        ({f"{SAMPLING}.repetition_penalty": -1.0}, "repetition_penalty_positive"),
        ({f"{GENERATION}.early_stopping": "sometimes"}, "early_stopping_allowed_values"),
        ({f"{GENERATION}.cache_implementation": "turbo"}, "cache_implementation_allowed_values"),
        ({f"{GENERATION}.num_beams": 0}, "num_beams_positive"),
        ({f"{QUANTIZATION}.load_in_4bit": True, f"{QUANTIZATION}.load_in_8bit": True}, "both"),
    ],
)
def test_invalid_configs_are_rejected_by_the_rule_that_says_why(
    values: dict[str, Any], rule_id: str
) -> None:
    validation = validate(values)
    assert not validation.ok
    assert any(rule_id in found for found in error_ids(validation)), error_ids(validation)


@pytest.mark.parametrize(
    "values",
    [
        {},
        {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.temperature": 0.7, f"{SAMPLING}.top_p": 0.9},
        {f"{SAMPLING}.do_sample": True, f"{SAMPLING}.top_k": 0, f"{SAMPLING}.min_p": 0.05},
        {f"{GENERATION}.num_beams": 4, f"{GENERATION}.early_stopping": "never"},
        {f"{GENERATION}.no_repeat_ngram_size": 3, f"{GENERATION}.cache_implementation": "static"},
        {f"{QUANTIZATION}.load_in_4bit": True, f"{QUANTIZATION}.bnb_4bit_quant_type": "nf4"},
    ],
)
def test_valid_configs_are_accepted(values: dict[str, Any]) -> None:
    validation = validate(values)
    assert validation.ok, [f.message for f in validation.report.errors] + [
        message for _, message in validation.schema_problems
    ]


def test_sampling_values_with_greedy_decoding_are_dormant_and_do_not_change_the_hash() -> None:
    greedy = validate({})
    ignored = validate({f"{SAMPLING}.temperature": 0.3, f"{SAMPLING}.top_p": 0.5})
    assert ignored.ok
    assert {f.rule.id for f in ignored.report.dormant} >= {
        "transformers.dormant.temperature_greedy",
        "transformers.dormant.top_p_greedy",
    }
    assert ignored.effective_hash == greedy.effective_hash


def test_a_value_that_changes_decoding_changes_the_hash() -> None:
    assert validate({f"{GENERATION}.num_beams": 2}).effective_hash != validate({}).effective_hash


def test_validation_imports_no_engine_library() -> None:
    code = (
        "import sys; from llem.cli.main import run_cli;"
        "from llem.plugins.host import build_host; from llem.rules.rulebook import RuleBook;"
        "RuleBook(build_host().registry).for_engine('transformers');"
        "print(sorted(m for m in ('torch', 'transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
