"""The shipped rule corpus (``llem_transformers/rules.yaml``) through the rule-corpus suite
(:mod:`llem.testing.rule_corpus`), pinned to ``engine_versions/transformers.yaml``, and what is
the transformers engine's own: every rule says what it is about.

Nothing here imports transformers except the source-location check, which is skipped without it.
The replay against the real library is the gate's job (``nox -s "gate(transformers)"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from llem.rules.model import Corpus
from llem.testing.rule_corpus import RuleCorpusSuite, assert_sources_exist_in_installed_library

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PIN_FILE = PACKAGE_DIR.parents[1] / "engine_versions" / "transformers.yaml"


def pinned_version() -> str:
    return str(YAML(typ="safe").load(PIN_FILE.read_text())["library"]["version"])


class TestTransformersRuleCorpus(RuleCorpusSuite):
    resource = "llem_transformers:rules.yaml"
    engine = "transformers"
    library = "transformers"
    library_version = pinned_version()
    native_types = frozenset({"GenerationConfig", "generate", "BitsAndBytesConfig"})
    severities = ("error", "dormant")
    greedy_knobs = {
        "sampling": {"temperature": 0.3, "top_k": 10, "top_p": 0.9, "min_p": 0.05},
        "generation": {"typical_p": 0.5, "epsilon_cutoff": 0.01, "eta_cutoff": 0.01, "top_h": 0.5},
    }
    sampling_knobs = {
        "sampling": {"do_sample": True, "temperature": 0.7, "top_k": 40, "top_p": 0.9}
    }
    invalid_values = tuple(
        ({"sampling": sampling}, f"transformers.logits.{rule}")
        for sampling, rule in (
            ({"do_sample": True, "temperature": 0.0}, "temperature_positive"),
            ({"do_sample": True, "top_k": -1}, "top_k_not_negative"),
            ({"do_sample": True, "top_p": -0.1}, "top_p_not_negative"),
            ({"do_sample": True, "min_p": 1.5}, "min_p_at_most_one"),
            ({"repetition_penalty": 0.0}, "repetition_penalty_positive"),
        )
    )

    def hand_made_views(self, base: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Configs where several dormant rules fire at once and normalised values enable
        others."""
        greedy_everything = self.with_values(
            base,
            sampling={"temperature": 0.3, "top_k": 10, "top_p": 1.5, "min_p": 0.0},
            generation={
                "num_beams": 1,
                "early_stopping": True,
                "length_penalty": 2.0,
                "typical_p": 1.5,
                "epsilon_cutoff": -1.0,
                "eta_cutoff": 2.0,
                "top_h": 0.5,
                "num_return_sequences": 1,
                "num_beam_groups": 2,
                "low_memory": True,
                "guidance_scale": 1,
                "no_repeat_ngram_size": 0,
                "encoder_no_repeat_ngram_size": -1,
                "encoder_repetition_penalty": 1.0,
            },
        )
        sampling_neutral = self.with_values(
            base,
            sampling={"do_sample": True, "top_p": 1.0, "min_p": 0.0, "repetition_penalty": 1.0},
            generation={"typical_p": 1.0, "epsilon_cutoff": 0.0, "eta_cutoff": 1.0},
        )
        caches = self.with_values(
            base,
            generation={
                "use_cache": False,
                "cache_implementation": "static",
                "cache_config": {"nbits": 4},
                "max_cache_len": 128,
            },
        )
        hybrid_cache = self.with_values(
            base, generation={"cache_implementation": "hybrid", "max_cache_len": 128}
        )
        beams = self.with_values(
            base,
            generation={"num_beams": 4, "dola_layers": "low", "prompt_lookup_num_tokens": 3},
        )
        return [greedy_everything, sampling_neutral, caches, hybrid_cache, beams]

    def test_every_rule_says_what_it_is_about(self, corpus: Corpus) -> None:
        for rule in corpus.rules:
            assert rule.description, rule.id
            assert rule.source.line is not None, rule.id
            assert rule.paths, rule.id

    def test_source_locations_exist_in_the_installed_library(self, corpus: Corpus) -> None:
        assert_sources_exist_in_installed_library(corpus, "transformers")
