"""Validating a plan of configurations: rejected ones with reasons, identical runs collapsed."""

from __future__ import annotations

from typing import Any

from llem.config.converter import make_converter
from llem.config.layers import ConfigLayer, value_layer
from llem.config.paths import iter_paths
from llem.config.resolve import ResolvedExperiment, resolve_layers
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.rules.batch import check_configs
from llem.rules.rulebook import RuleBook

BASE = {"task": {"model": "some/model"}, "engine": "transformers"}


def resolved(registry: Registry, **values: Any) -> ResolvedExperiment:
    base = ConfigLayer(BASE, dict.fromkeys(iter_paths(BASE), "plan.yaml"), from_file=True)
    overrides = [value_layer(path.replace("__", "."), v, "sweep") for path, v in values.items()]
    return resolve_layers([base, *overrides], registry)


def test_configs_differing_only_in_dormant_values_are_collapsed() -> None:
    registry = build_host().registry
    plan = [
        resolved(registry, transformers__sampling__temperature=0.5),  # greedy: temperature dormant
        resolved(registry, transformers__sampling__temperature=0.7),
        resolved(registry, transformers__batch_size=2),
    ]
    outcome = check_configs(plan, make_converter(registry), RuleBook(registry))
    assert [item.index for item in outcome.valid] == [0, 2]
    assert outcome.duplicates == ((1, 0),)
    assert outcome.invalid == ()


def test_invalid_configs_are_listed_with_their_reasons_and_the_rest_survive() -> None:
    registry = build_host().registry
    plan = [
        resolved(registry, transformers__generation__num_beam=2),
        resolved(registry, transformers__batch_size=4),
    ]
    outcome = check_configs(plan, make_converter(registry), RuleBook(registry))
    assert [item.index for item in outcome.valid] == [1]
    (rejected,) = outcome.invalid
    assert rejected.index == 0
    assert "did you mean 'num_beams'?" in rejected.problems[0]


def test_names_and_output_folders_do_not_make_configs_different() -> None:
    registry = build_host().registry
    plan = [resolved(registry, name="a"), resolved(registry, name="b", output_dir="elsewhere")]
    outcome = check_configs(plan, make_converter(registry), RuleBook(registry))
    assert outcome.duplicates == ((1, 0),)
