"""Benchmark pre-flight validation: one config, and a 10,000-configuration plan.

Usage: python scripts/bench_rules.py [OUTPUT.json]

Measures, with the transformers engine's shipped corpus and schema:
- loading the corpus and schema (once per process);
- validating one resolved config (schema + rules + dormant fixpoint + hash), median of 2,000;
- resolving and validating one config from its layers, median of 2,000;
- resolving, validating and de-duplicating a 10,000-configuration grid (4 axes of 10 values).
Targets: one config under 5 ms; the 10,000-configuration plan under 2 s. Exits 1 on a miss.
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llem.config.converter import make_converter
from llem.config.layers import ConfigLayer, value_layer
from llem.config.resolve import resolve_layers
from llem.plugins.host import build_host
from llem.rules.batch import check_configs
from llem.rules.rulebook import RuleBook
from llem.rules.validate import validate_view
from llem.rules.views import config_view

ONE_CONFIG_TARGET_MS = 5.0
PLAN_TARGET_S = 2.0
BASE = {
    "task": {"model": "HuggingFaceTB/SmolLM2-135M-Instruct", "n_prompts": 50},
    "engine": "transformers",
    "transformers": {"dtype": "float32", "sampling": {"do_sample": True}},
}
AXES: dict[str, list[Any]] = {
    "transformers.batch_size": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    "transformers.sampling.temperature": [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.2, 1.5, 2.0],
    "transformers.sampling.top_p": [0.0, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0, 1.5, None],
    "transformers.generation.num_beams": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
}


def base_layer() -> ConfigLayer:
    from llem.config.paths import iter_paths

    return ConfigLayer(BASE, dict.fromkeys(iter_paths(BASE), "bench.yaml"), from_file=True)


def grid_layers() -> list[list[ConfigLayer]]:
    base = base_layer()
    plans = []
    for values in itertools.product(*AXES.values()):
        overrides = [
            value_layer(path, value, f"sweep {path}={value}")
            for path, value in zip(AXES, values, strict=True)
            if value is not None
        ]
        plans.append([base, *overrides])
    return plans


def median_ms(action: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main(argv: list[str]) -> int:
    registry = build_host().registry
    converter = make_converter(registry)
    started = time.perf_counter()
    rules = RuleBook(registry).for_engine("transformers")
    load_ms = (time.perf_counter() - started) * 1000
    layers = [base_layer(), value_layer("transformers.generation.num_beams", 4, "bench")]
    resolved = resolve_layers(layers, registry)
    view = config_view(resolved.config, converter)
    validate_ms = median_ms(lambda: validate_view(view, rules), 2000)
    resolve_validate_ms = median_ms(
        lambda: validate_view(
            config_view(resolve_layers(layers, registry, converter=converter).config, converter),
            rules,
        ),
        2000,
    )
    plans = grid_layers()
    started = time.perf_counter()
    resolved_all = [resolve_layers(p, registry, converter=converter) for p in plans]
    outcome = check_configs(resolved_all, converter, RuleBook(registry))
    plan_s = time.perf_counter() - started
    numbers = {
        "corpus": rules.describe(),
        "corpus_and_schema_load_ms": round(load_ms, 2),
        "validate_one_config_ms": round(validate_ms, 4),
        "resolve_and_validate_one_config_ms": round(resolve_validate_ms, 4),
        "plan_configs": len(plans),
        "plan_valid": len(outcome.valid),
        "plan_invalid": len(outcome.invalid),
        "plan_duplicates": len(outcome.duplicates),
        "plan_resolve_validate_dedup_s": round(plan_s, 3),
        "targets": {"one_config_ms": ONE_CONFIG_TARGET_MS, "plan_10k_s": PLAN_TARGET_S},
    }
    print(json.dumps(numbers, indent=2))
    if len(argv) > 1:
        Path(argv[1]).parent.mkdir(parents=True, exist_ok=True)
        Path(argv[1]).write_text(json.dumps(numbers, indent=2) + "\n")
    missed = resolve_validate_ms > ONE_CONFIG_TARGET_MS or plan_s > PLAN_TARGET_S
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
