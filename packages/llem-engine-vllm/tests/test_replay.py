"""The vLLM replayer: what the real library does with native kwargs (no model is loaded), and the
shipped corpus replayed through it."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from llem.config.converter import make_converter
from llem.plugins.host import build_host
from llem.records import import_string
from llem.rules.corpus import load_corpus_resource
from llem.rules.views import default_view
from llem_miners.gate.run import run_gate
from llem_miners.replay import Observation
from llem_vllm import plugin

vllm = pytest.importorskip("vllm", reason="needs vllm (the engine's runtime extra)")

from llem_vllm.mining.replay import VllmReplayer, describe_error, make_replayer  # noqa: E402


@pytest.fixture(scope="module")
def replayer() -> VllmReplayer:
    return make_replayer()


def replay(replayer: VllmReplayer, native_type: str, **kwargs: Any) -> Observation:
    return replayer.replay(native_type, kwargs)


def test_the_miner_spec_names_the_factory() -> None:
    (miners,) = plugin.llem_register_miners()
    assert miners.name == "vllm" and miners.replayer is not None
    assert import_string(miners.replayer) is make_replayer


def test_library_version_is_the_installed_one(replayer: VllmReplayer) -> None:
    assert replayer.library_version == vllm.__version__
    assert replayer.native_types == ("SamplingParams", "EngineArgs")


def test_unknown_native_type_is_refused(replayer: VllmReplayer) -> None:
    with pytest.raises(ValueError, match="unknown native type 'Nope'"):
        replayer.replay("Nope", {})


def test_a_sampling_params_check_is_observed(replayer: VllmReplayer) -> None:
    observation = replay(replayer, "SamplingParams", top_p=1.5)
    assert observation.raised is not None
    assert observation.raised.startswith("VLLMValidationError: top_p must be in (0, 1], got 1.5.")
    assert observation.effect is None


def test_a_warning_is_observed_every_time(replayer: VllmReplayer) -> None:
    """vLLM's log records are captured on every replay (nothing printed)."""
    for _ in range(2):
        observation = replay(replayer, "SamplingParams", temperature=0.005)
        assert observation.raised is None
        assert any("We have maxed it out to 0.01" in w for w in observation.warnings)
        assert observation.effect["temperature"] == 0.01


def test_greedy_sampling_resets_the_filtering_knobs(replayer: VllmReplayer) -> None:
    greedy = replay(replayer, "SamplingParams", temperature=0.0)
    filtered = replay(replayer, "SamplingParams", temperature=0.0, top_p=0.5, top_k=5, min_p=0.1)
    assert filtered.effect == greedy.effect
    sampled = replay(replayer, "SamplingParams", temperature=0.5, top_p=0.5)
    assert sampled.effect["top_p"] == 0.5


def test_engine_config_effects_are_deterministic(replayer: VllmReplayer) -> None:
    first = replay(replayer, "EngineArgs", max_num_seqs=8)
    again = replay(replayer, "EngineArgs", max_num_seqs=8)
    other = replay(replayer, "EngineArgs", max_num_seqs=9)
    assert first.raised is None and first.effect == again.effect
    assert first.effect != other.effect
    assert first.effect["scheduler_config"]["max_num_seqs"] == 8
    assert first.effect["model_config"]["model"] == "<tiny-llama>"


def test_pydantic_errors_name_the_class_and_field(replayer: VllmReplayer) -> None:
    observation = replay(replayer, "EngineArgs", gpu_memory_utilization=1.5)
    assert observation.raised == (
        "ValidationError: CacheConfig: gpu_memory_utilization: "
        "Input should be less than or equal to 1"
    )


def test_other_errors_keep_their_type() -> None:
    assert describe_error(ValueError("boom")) == "ValueError: boom"


def test_replay_prints_nothing_and_restores_logging(
    replayer: VllmReplayer, capsys: pytest.CaptureFixture[str]
) -> None:
    root = logging.getLogger("vllm")
    before = (list(root.handlers), root.level, root.propagate)
    replay(replayer, "EngineArgs", enable_chunked_prefill=False)
    assert (list(root.handlers), root.level, root.propagate) == before
    captured = capsys.readouterr()
    assert "chunked prefill" not in captured.out + captured.err


def test_the_shipped_corpus_passes_the_gate(replayer: VllmReplayer) -> None:
    host = build_host()
    base_view = default_view("vllm", host.registry, make_converter(host.registry))
    report = run_gate(load_corpus_resource("llem_vllm:rules.yaml"), replayer, base_view)
    assert report.ok, "\n".join(report.summary_lines())
