"""The transformers replayer: what the real library does with native kwargs (no download)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from llem.records import import_string
from llem_miners.replay import Observation
from llem_transformers import plugin

pytest.importorskip("torch", reason="needs torch (the engine's runtime extra)")
transformers = pytest.importorskip("transformers", reason="needs transformers")

from llem_transformers.mining.replay import TransformersReplayer, make_replayer  # noqa: E402

GREEDY_TEMPERATURE = "However, `temperature` is set to `0.5`"


@pytest.fixture(scope="module")
def replayer() -> TransformersReplayer:
    return make_replayer()


def replay(replayer: TransformersReplayer, native_type: str, **kwargs: Any) -> Observation:
    return replayer.replay(native_type, kwargs)


def test_the_miner_spec_names_the_factory() -> None:
    (miners,) = plugin.llem_register_miners()
    assert miners.name == "transformers" and miners.replayer is not None
    assert import_string(miners.replayer) is make_replayer
    (spec,) = plugin.llem_register_engines()
    assert spec.rules == "llem_transformers:rules.yaml"
    assert spec.schema == "llem_transformers:schema.json"


def test_library_version_is_the_installed_one(replayer: TransformersReplayer) -> None:
    assert replayer.library_version == transformers.__version__


def test_unknown_native_type_is_refused(replayer: TransformersReplayer) -> None:
    with pytest.raises(ValueError, match="unknown native type 'Nope'"):
        replayer.replay("Nope", {})


def test_generation_config_raise_is_observed(replayer: TransformersReplayer) -> None:
    observation = replay(replayer, "GenerationConfig", max_new_tokens=0)
    assert observation.raised == ("ValueError: `max_new_tokens` must be greater than 0, but is 0.")
    assert observation.effect is None
    greedy = replay(replayer, "GenerationConfig", num_return_sequences=2)
    assert greedy.raised is not None
    assert "do not support `num_return_sequences` different than 1" in greedy.raised


def test_a_warning_is_observed_every_time(replayer: TransformersReplayer) -> None:
    """``warning_once`` caches are cleared: the same warning is seen on every replay."""
    for _ in range(2):
        observation = replay(replayer, "GenerationConfig", temperature=0.5)
        assert observation.raised is None
        assert any("may be ignored: ['temperature']" in w for w in observation.warnings)
        assert any(GREEDY_TEMPERATURE in w for w in observation.warnings)


def test_a_python_warning_is_observed_every_time(replayer: TransformersReplayer) -> None:
    for _ in range(2):
        observation = replay(replayer, "GenerationConfig", continuous_batching_config={"a": 1})
        assert any(
            "ContinuousBatchingConfig through GenerationConfig" in w for w in observation.warnings
        )


def test_replay_prints_nothing_and_restores_logging(
    replayer: TransformersReplayer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger("transformers")
    before = (list(root.handlers), root.level, root.propagate)
    replay(replayer, "generate", temperature=0.5)
    assert (list(root.handlers), root.level, root.propagate) == before
    captured = capsys.readouterr()
    assert captured.out == "" and "temperature" not in captured.err


def test_a_clean_config_warns_nothing(replayer: TransformersReplayer) -> None:
    observation = replay(replayer, "GenerationConfig", do_sample=True, temperature=0.5)
    assert observation == Observation(raised=None, warnings=(), effect=observation.effect)


def test_config_effects_compare_by_value(replayer: TransformersReplayer) -> None:
    first = replay(replayer, "GenerationConfig", do_sample=True, top_k=5)
    again = replay(replayer, "GenerationConfig", do_sample=True, top_k=5)
    other = replay(replayer, "GenerationConfig", do_sample=True, top_k=6)
    assert first.effect == again.effect
    assert first.effect != other.effect
    assert "transformers_version" not in first.effect


def test_generate_effects_are_deterministic(replayer: TransformersReplayer) -> None:
    first = replay(replayer, "generate", do_sample=True, top_k=5)
    again = replay(replayer, "generate", do_sample=True, top_k=5)
    other = replay(replayer, "generate", do_sample=True, top_k=0)
    assert first.raised is None and first.effect == again.effect
    assert first.effect != other.effect
    sequences = first.effect["sequences"]
    assert isinstance(sequences, tuple) and all(isinstance(row, tuple) for row in sequences)
    assert len(sequences) == 1 and len(sequences[0]) == 4 + 6  # llem's default batch: one prompt


def test_generate_greedy_ignores_temperature(replayer: TransformersReplayer) -> None:
    greedy = replay(replayer, "generate")
    tempered = replay(replayer, "generate", temperature=0.5)
    assert tempered.effect == greedy.effect
    assert any(GREEDY_TEMPERATURE in w for w in tempered.warnings)
    assert replay(replayer, "generate", do_sample=True, temperature=0.5).effect != greedy.effect


def test_generate_ignores_top_p_of_one_or_more(replayer: TransformersReplayer) -> None:
    sampled = replay(replayer, "generate", do_sample=True)
    assert replay(replayer, "generate", do_sample=True, top_p=1.5).effect == sampled.effect
    assert replay(replayer, "generate", do_sample=True, top_p=1.0).effect == sampled.effect
    # the tiny model's next-token distribution has a long tail: even 0.999 filters something
    assert replay(replayer, "generate", do_sample=True, top_p=0.999).effect != sampled.effect


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"do_sample": True, "temperature": 0.0}, "`temperature` (=0.0) has to be a strictly"),
        ({"do_sample": True, "top_k": -1}, "`top_k` has to be a strictly positive integer"),
        ({"do_sample": True, "min_p": 1.5}, "`min_p` has to be a float in the [0, 1] interval"),
    ],
)
def test_generate_raises_where_the_logits_processors_do(
    replayer: TransformersReplayer, kwargs: dict[str, Any], message: str
) -> None:
    observation = replayer.replay("generate", kwargs)
    assert observation.raised is not None
    assert observation.raised.startswith("ValueError: ")
    assert message in observation.raised
    assert observation.effect is None


def test_generate_accepts_temperature_zero_when_greedy(replayer: TransformersReplayer) -> None:
    observation = replay(replayer, "generate", temperature=0.0)
    assert observation.raised is None
    assert observation.effect == replay(replayer, "generate").effect


def test_generate_keeps_the_callers_output_flags(replayer: TransformersReplayer) -> None:
    observation = replay(replayer, "generate", output_scores=True)
    assert observation.raised is None
    assert any("`output_scores` is ignored" in w for w in observation.warnings)
    assert "scores_sha256" not in observation.effect


def test_bits_and_bytes_config(replayer: TransformersReplayer) -> None:
    observation = replay(
        replayer, "BitsAndBytesConfig", load_in_4bit=True, bnb_4bit_compute_dtype="bfloat16"
    )
    assert observation.raised is None
    assert observation.effect["bnb_4bit_compute_dtype"] == "bfloat16"
    assert observation.effect["quant_method"] == "bitsandbytes"
    both = replay(replayer, "BitsAndBytesConfig", load_in_4bit=True, load_in_8bit=True)
    assert both.raised is not None
    assert "load_in_4bit and load_in_8bit are both True" in both.raised


def test_replay_leaves_the_global_seed_alone(replayer: TransformersReplayer) -> None:
    import torch

    state = torch.random.get_rng_state()
    replay(replayer, "generate", do_sample=True)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_prompt_lookup_runs_on_the_one_prompt_batch(replayer: TransformersReplayer) -> None:
    """Assisted decoding refuses batches of more than one prompt: on one, its rules show."""
    alone = replay(replayer, "generate", prompt_lookup_num_tokens=2)
    assert alone.raised is None
    without_cache = replay(replayer, "generate", prompt_lookup_num_tokens=2, use_cache=False)
    assert without_cache.raised is not None and "use_cache=True" in without_cache.raised


def test_a_failed_early_exit_does_not_break_later_replays(
    replayer: TransformersReplayer,
) -> None:
    """transformers leaves ``num_hidden_layers`` at the early-exit value when it raises."""
    before = replay(replayer, "generate")
    failed = replay(replayer, "generate", assistant_early_exit=-1)
    after = replay(replayer, "generate")
    assert failed.raised is not None
    assert after.raised is None and after.effect == before.effect


def test_a_paged_cache_generates(replayer: TransformersReplayer) -> None:
    """Continuous batching updates the replay's tensors from its own thread, which fails on
    inference-mode tensors: the request failed and only the prompt came back."""
    paged = replay(replayer, "generate", cache_implementation="paged")
    assert paged.raised is None
    (row,) = paged.effect["sequences"][0]
    assert len(row) == 4 + 6
