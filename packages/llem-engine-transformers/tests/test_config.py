from __future__ import annotations

from typing import Any

import attrs
import cattrs
import pytest

from llem.config.validators import FieldValueError
from llem_transformers.config import SamplingConfig, TransformersConfig


def structure(data: dict[str, Any]) -> TransformersConfig:
    return cattrs.Converter(forbid_extra_keys=True).structure(data, TransformersConfig)


def test_defaults_are_greedy_single_request_batches() -> None:
    config = TransformersConfig()
    assert config.batch_size == 1
    assert (config.dtype, config.device, config.attn_implementation) == ("auto", "auto", None)
    assert config.sampling == SamplingConfig(do_sample=False)


def test_config_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        TransformersConfig().batch_size = 4  # type: ignore[misc]


def test_a_batch_size_below_one_names_its_field() -> None:
    with pytest.raises(FieldValueError) as raised:
        TransformersConfig(batch_size=0)
    assert raised.value.field == "batch_size"


def test_sampling_ranges_are_left_to_the_rule_corpus() -> None:
    # The library's own ranges are rules with sources (test_rules_validation.py), not validators.
    assert SamplingConfig(temperature=0.0).temperature == 0.0


def test_edge_values_are_accepted() -> None:
    sampling = SamplingConfig(top_k=0, top_p=1.0, min_p=0.0, temperature=1e-3)
    assert sampling.top_p == 1.0
    assert SamplingConfig(top_p=1.5).top_p == 1.5  # transformers ignores it: not an error


def test_structures_from_yaml_shaped_data() -> None:
    config = structure(
        {
            "batch_size": 8,
            "dtype": "bfloat16",
            "attn_implementation": "sdpa",
            "sampling": {"do_sample": True, "top_p": 0.9},
        }
    )
    assert config.batch_size == 8 and config.attn_implementation == "sdpa"
    assert config.sampling == SamplingConfig(do_sample=True, top_p=0.9)


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(cattrs.BaseValidationError):
        structure({"batch_sise": 8})


def test_values_outside_a_literal_are_rejected() -> None:
    with pytest.raises(cattrs.BaseValidationError):
        structure({"dtype": "float8"})


def test_every_field_is_documented() -> None:
    for config_class in (TransformersConfig, SamplingConfig):
        docstring = config_class.__doc__ or ""
        for field in attrs.fields(config_class):
            assert f"{field.name}:" in docstring, f"{config_class.__name__}.{field.name}"


def test_a_paged_cache_is_refused_because_llem_times_steps_with_a_stopping_criterion() -> None:
    with pytest.raises(FieldValueError) as raised:
        TransformersConfig(generation={"cache_implementation": "paged"})
    assert raised.value.field == "generation"
    assert TransformersConfig(generation={"cache_implementation": "static"}).generation
