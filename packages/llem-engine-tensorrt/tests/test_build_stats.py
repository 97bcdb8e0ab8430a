"""Engine-build timings read from ``LLM.llm_build_stats``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from llem_tensorrt.build_stats import build_phases


def test_each_reported_step_and_their_total_are_kept() -> None:
    steps = [("Download HF model", 2.0), ("Build TensorRT-LLM engine", 30.5)]
    llm = SimpleNamespace(llm_build_stats=SimpleNamespace(build_steps_info=steps))
    phases = build_phases(llm)
    assert phases == {
        "build.download_hf_model_s": 2.0,
        "build.build_tensorrt_llm_engine_s": 30.5,
        "build_total_s": pytest.approx(32.5),
    }


@pytest.mark.parametrize(
    "llm",
    [SimpleNamespace(), SimpleNamespace(llm_build_stats=SimpleNamespace(build_steps_info=[]))],
)
def test_nothing_reported_is_nothing_recorded(llm: object) -> None:
    assert build_phases(llm) == {}
