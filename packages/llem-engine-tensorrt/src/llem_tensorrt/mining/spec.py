"""What llem-miners reads in TensorRT-LLM 1.2 to mine the engine's corpus (records only: no import
of TensorRT-LLM here). The library cannot be installed where llem is developed, so the static
miner reads these functions, and the pydantic lift these ``models``, off a checkout of its sources
(``llem-miners mine tensorrt --source DIR``), without importing them. There is no replayer: what
is mined is not confirmed against the library."""

from __future__ import annotations

from llem.records import MinerSpec, MineTarget

SAMPLING_CODE = (
    "tensorrt_llm.sampling_params:SamplingParams.__post_init__",
    "tensorrt_llm.sampling_params:SamplingParams._validate",
)
"""SamplingParams checks its keywords at construction: ``__post_init__`` fills defaults
(``best_of = best_of or n``) and calls ``_validate``, which raises on out-of-range values."""
LLM_CODE = ("tensorrt_llm.llmapi.llm_args:BaseLlmArgs.validate_runtime_args",)
"""A model validator of every LLM args class (it warns when ``max_batch_size`` exceeds
``max_num_tokens``)."""

TARGETS = (
    # Every example samples: llem always passes a temperature, and at 0 (greedy) SamplingParams
    # refuses best_of > 1 before the checks mined here are reached.
    MineTarget(
        native_type="SamplingParams",
        code=SAMPLING_CODE,
        context={"tensorrt.sampling.temperature": 0.8},
    ),
    # The PyTorch backend's args (llem's default backend). Its `backend` field is not the user's:
    # llem answers tensorrt.backend by choosing the args class.
    MineTarget(
        native_type="LLM",
        code=LLM_CODE,
        models=("tensorrt_llm.llmapi.llm_args:TorchLlmArgs",),
        not_keywords=("backend",),
    ),
    MineTarget(
        native_type="KvCacheConfig",
        models=("tensorrt_llm.llmapi.llm_args:KvCacheConfig",),
    ),
)

MINER_SPEC = MinerSpec(
    name="tensorrt",
    library="tensorrt-llm",
    targets=TARGETS,
    replayer=None,
    schema_discovery=None,
)
