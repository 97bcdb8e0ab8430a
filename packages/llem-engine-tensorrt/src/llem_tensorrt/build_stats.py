"""Engine-build timings TensorRT-LLM reports about the ``LLM`` it built (pure logic: reads
attributes, imports nothing).

TensorRT-LLM 1.2's ``BaseLLM`` keeps an ``llm_build_stats`` (``LlmBuildStats`` in
tensorrt_llm/llmapi/llm_utils.py) whose ``build_steps_info`` lists ``(step name, seconds)`` of
the model loader's steps (on the ``tensorrt`` backend: checkpoint conversion and the TensorRT
engine build), and ``cache_hitted`` when a cached engine was reused.
"""

from __future__ import annotations

import re
from typing import Any

NON_WORD = re.compile(r"\W+")


def build_phases(llm: Any) -> dict[str, float]:
    """``{"build.<step>_s": seconds, ..., "build_total_s": sum}`` from ``llm.llm_build_stats``;
    empty when TensorRT-LLM reported no steps."""
    stats = getattr(llm, "llm_build_stats", None)
    steps = list(getattr(stats, "build_steps_info", None) or ())
    phases = {f"build.{_step_key(name)}_s": float(seconds) for name, seconds in steps}
    if phases:
        phases["build_total_s"] = sum(float(seconds) for _, seconds in steps)
    return phases


def _step_key(name: str) -> str:
    return NON_WORD.sub("_", str(name).strip().lower()).strip("_")
