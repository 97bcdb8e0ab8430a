"""What llem-miners reads in vLLM 0.32 to mine the engine's corpus (records only: no import of
vLLM here). ``SamplingParams`` is checked in its own methods and its declared field constraints;
``EngineArgs`` hands its keywords to vLLM's pydantic config classes, whose field constraints are
lifted and whose validators are read (a config field is the ``EngineArgs`` keyword of the same
name, but for :data:`CONFIG_RENAMES`)."""

from __future__ import annotations

from llem.records import MinerSpec, MineTarget

ERRORS = ("VLLMValidationError",)
"""vLLM's own error for bad request parameters: not a ``ValueError``."""
CONFIG_CLASSES = {
    "cache": "CacheConfig",
    "scheduler": "SchedulerConfig",
    "model": "ModelConfig",
    "parallel": "ParallelConfig",
}
CONFIG_METHODS = (
    "vllm.config.cache:CacheConfig._apply_block_size_default",
    "vllm.config.scheduler:SchedulerConfig.__post_init__",
    "vllm.config.scheduler:SchedulerConfig.verify_max_model_len",
    "vllm.config.model:ModelConfig.__post_init__",
    "vllm.config.model:ModelConfig._verify_quantization",
    "vllm.config.model:ModelConfig.validate_model_config_after",
    "vllm.config.parallel:ParallelConfig.__post_init__",
    "vllm.engine.arg_utils:EngineArgs._set_default_chunked_prefill_and_prefix_caching_args",
)
CONFIG_RENAMES = {"cache_dtype": "kv_cache_dtype", "policy": "scheduling_policy"}
"""Config fields whose ``EngineArgs`` keyword has another name."""

TARGETS = (
    MineTarget(
        native_type="SamplingParams",
        code=(
            "vllm.sampling_params:SamplingParams.__post_init__",
            "vllm.sampling_params:SamplingParams._verify_args",
            "vllm.sampling_params:SamplingParams._verify_greedy_sampling",
        ),
        models=("vllm.sampling_params:SamplingParams",),
        error_types=ERRORS,
    ),
    # Module-level checks SamplingParams calls with one of its keywords.
    MineTarget(
        native_type="SamplingParams",
        code=("vllm.sampling_params:_verify_num_sequences",),
        parameters={"value": "n"},
        error_types=ERRORS,
    ),
    MineTarget(
        native_type="SamplingParams",
        code=("vllm.sampling_params:validate_thinking_token_budget",),
        parameters={"value": "thinking_token_budget"},
        error_types=ERRORS,
    ),
    MineTarget(
        native_type="EngineArgs",
        code=CONFIG_METHODS,
        models=tuple(f"vllm.config.{module}:{name}" for module, name in CONFIG_CLASSES.items()),
        parameters=CONFIG_RENAMES,
        error_types=ERRORS,
    ),
)

MINER_SPEC = MinerSpec(
    name="vllm",
    library="vllm",
    targets=TARGETS,
    replayer="llem_vllm.mining.replay:make_replayer",
    schema_discovery="llem_vllm.mining.schema_discovery:main",
)
