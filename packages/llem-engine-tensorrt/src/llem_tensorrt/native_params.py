"""The keyword arguments of ``tensorrt_llm.LLM`` and ``tensorrt_llm.SamplingParams``, as read from
the TensorRT-LLM sources (the library cannot be installed where this was written, so nothing was
imported or discovered at run time).

Sources, as the text index of github.com/NVIDIA/TensorRT-LLM named the versions read
(``engine_versions/tensorrt.yaml`` keeps the same record):

* ``tensorrt_llm/llmapi/llm_args.py``, index file id 7019226376 (a 1.2-era version; the index
  reports no commit for it), cross-checked against commit 0004396720054fd8e205cbf616f21f0b57c6b412:
  the pydantic ``Field``s of ``BaseLlmArgs`` (both backends), ``TorchLlmArgs`` (the ``pytorch``
  backend, 1.x's default) and ``TrtLlmArgs`` (the ``tensorrt`` backend).
* ``tensorrt_llm/sampling_params.py`` at commit a98a9061d72f6fd39f5d055ebdd2c6878a100e2c: the
  fields of the ``SamplingParams`` dataclass.

Types are written as llem's schema reads them (:mod:`llem.rules.schema_types`); a library class
(``KvCacheConfig``) is accepted unchecked. Fields private to TensorRT-LLM (``mpi_session``, whose
alias is ``_mpi_session``) and callables are left out.
"""

from __future__ import annotations

from typing import Any

NativeParam = tuple[str, str, Any, str]
"""``(name, type, default, description)``."""

LLM_ARGS_SOURCE = "tensorrt_llm/llmapi/llm_args.py"
SAMPLING_SOURCE = "tensorrt_llm/sampling_params.py"

BASE_LLM_ARGS: tuple[NativeParam, ...] = (
    ("model", "str", None, "The path to the model checkpoint or the model name from the Hugging Face Hub."),  # noqa: E501
    ("tokenizer", "str | TokenizerBase | None", None, "The path to the tokenizer checkpoint or the tokenizer name from the Hugging Face Hub."),  # noqa: E501
    ("tokenizer_mode", "'auto' | 'slow'", "auto", "The mode to initialize the tokenizer."),
    ("custom_tokenizer", "str | None", None, "A custom tokenizer implementation: a built-in alias or a Python import path."),  # noqa: E501
    ("skip_tokenizer_init", "bool", False, "Whether to skip the tokenizer initialization."),
    ("trust_remote_code", "bool", False, "Whether to trust the remote code."),
    ("tensor_parallel_size", "int", 1, "The tensor parallel size."),
    ("dtype", "str", "auto", "The data type to use for the model."),
    ("revision", "str | None", None, "The revision to use for the model."),
    ("tokenizer_revision", "str | None", None, "The revision to use for the tokenizer."),
    ("model_kwargs", "dict[str, Any] | None", None, "Optional parameters overriding model config defaults."),  # noqa: E501
    ("pipeline_parallel_size", "int", 1, "The pipeline parallel size."),
    ("context_parallel_size", "int", 1, "The context parallel size."),
    ("gpus_per_node", "int | None", None, "The number of GPUs per node."),
    ("moe_cluster_parallel_size", "int | None", None, "The cluster parallel size for MoE models's expert weights."),  # noqa: E501
    ("moe_tensor_parallel_size", "int | None", None, "The tensor parallel size for MoE models's expert weights."),  # noqa: E501
    ("moe_expert_parallel_size", "int | None", None, "The expert parallel size for MoE models's expert weights."),  # noqa: E501
    ("enable_attention_dp", "bool", False, "Enable attention data parallel."),
    ("enable_lm_head_tp_in_adp", "bool", False, "Enable LM head TP in attention dp."),
    ("pp_partition", "list[int] | None", None, "Pipeline parallel partition, a list of each rank's layer number."),  # noqa: E501
    ("cp_config", "CpConfig | None", None, "Context parallel config."),
    ("enable_lora", "bool", False, "Enable LoRA."),
    ("lora_config", "LoraConfig | None", None, "LoRA configuration for the model."),
    ("kv_cache_config", "KvCacheConfig", "KvCacheConfig()", "KV cache config."),
    ("enable_chunked_prefill", "bool", False, "Enable chunked prefill."),
    ("guided_decoding_backend", "'xgrammar' | 'llguidance' | None", None, "Guided decoding backend. llguidance is supported in PyTorch backend only."),  # noqa: E501
    ("iter_stats_max_iterations", "int | None", None, "The maximum number of iterations for iter stats."),  # noqa: E501
    ("request_stats_max_iterations", "int | None", None, "The maximum number of iterations for request stats."),  # noqa: E501
    ("peft_cache_config", "PeftCacheConfig | None", None, "PEFT cache config."),
    ("scheduler_config", "SchedulerConfig", "SchedulerConfig()", "Scheduler config."),
    ("cache_transceiver_config", "CacheTransceiverConfig | None", None, "Cache transceiver config."),  # noqa: E501
    ("sparse_attention_config", "SparseAttentionConfig | None", None, "Sparse attention config."),
    ("speculative_config", "SpeculativeConfig | None", None, "Speculative decoding config."),
    ("max_batch_size", "int | None", 2048, "The maximum batch size."),
    ("max_input_len", "int | None", 1024, "The maximum input length."),
    ("max_seq_len", "int | None", None, "The maximum sequence length."),
    ("max_beam_width", "int | None", 1, "The maximum beam width."),
    ("max_num_tokens", "int | None", 8192, "The maximum number of tokens."),
    ("gather_generation_logits", "bool", False, "Gather generation logits."),
    ("num_postprocess_workers", "int", 0, "The number of processes used for postprocessing the generated tokens, including detokenization."),  # noqa: E501
    ("postprocess_tokenizer_dir", "str | None", None, "The path to the tokenizer directory for postprocessing."),  # noqa: E501
    ("reasoning_parser", "str | None", None, "The parser to separate reasoning content from output."),  # noqa: E501
    ("decoding_config", "DecodingConfig | None", None, "The decoding config (deprecated: use speculative_config)."),  # noqa: E501
    ("otlp_traces_endpoint", "str | None", None, "Target URL to which OpenTelemetry traces will be sent."),  # noqa: E501
    ("backend", "str | None", None, "The backend to use for this LLM instance (deprecated)."),
    ("return_perf_metrics", "bool", False, "Return perf metrics."),
    ("perf_metrics_max_requests", "int", 0, "The maximum number of requests for perf metrics (non-negative)."),  # noqa: E501
    ("orchestrator_type", "'rpc' | 'ray' | None", None, "The orchestrator type to use. Defaults to None, which uses MPI."),  # noqa: E501
    ("env_overrides", "dict[str, str] | None", None, "Environment variable overrides (experimental)."),  # noqa: E501
)  # fmt: skip
"""``BaseLlmArgs``: both backends."""

TORCH_LLM_ARGS: tuple[NativeParam, ...] = (
    ("garbage_collection_gen0_threshold", "int", 20000, "Threshold for Python garbage collection of generation 0 objects."),  # noqa: E501
    ("cuda_graph_config", "CudaGraphConfig | None", "CudaGraphConfig()", "CUDA graph config (default: CudaGraphConfig(); None disables CUDA graphs)."),  # noqa: E501
    ("attention_dp_config", "AttentionDpConfig | None", None, "Optimized load-balancing for the DP Attention scheduler."),  # noqa: E501
    ("disable_overlap_scheduler", "bool", False, "Disable the overlap scheduler."),
    ("moe_config", "MoeConfig", "MoeConfig()", "MoE config."),
    ("nvfp4_gemm_config", "Nvfp4GemmConfig", "Nvfp4GemmConfig()", "NVFP4 GEMM backend config."),
    ("attn_backend", "str", "TRTLLM", "Attention backend to use."),
    ("sampler_type", "str", "auto", "The type of sampler to use: TRTLLMSampler, TorchSampler or auto."),  # noqa: E501
    ("sampler_force_async_worker", "bool", False, "Force usage of the async worker in the sampler for D2H copies."),  # noqa: E501
    ("enable_iter_perf_stats", "bool", False, "Enable iteration performance statistics."),
    ("enable_iter_req_stats", "bool", False, "Enables per request stats per iteration."),
    ("print_iter_log", "bool", False, "Print iteration logs."),
    ("batch_wait_timeout_ms", "float", 0, "Wait up to this long to receive max_batch_size requests (non-negative)."),  # noqa: E501
    ("batch_wait_timeout_iters", "int", 0, "Iterations the scheduler waits to accumulate requests (non-negative)."),  # noqa: E501
    ("batch_wait_max_tokens_ratio", "float", 0, "Token accumulation threshold ratio for batch scheduling, in [0, 1]."),  # noqa: E501
    ("torch_compile_config", "TorchCompileConfig | None", None, "Torch compile config."),
    ("enable_autotuner", "bool", True, "Enable autotuner for all tunable ops."),
    ("enable_layerwise_nvtx_marker", "bool", False, "If true, enable layerwise nvtx marker."),
    ("load_format", "str", "auto", "How to load the model weights (auto, dummy, vision_only)."),
    ("enable_min_latency", "bool", False, "If true, enable min-latency mode. Currently only used for Llama4."),  # noqa: E501
    ("stream_interval", "int", 1, "The iteration interval to create responses under the streaming mode (positive)."),  # noqa: E501
    ("force_dynamic_quantization", "bool", False, "If true, force dynamic quantization."),
    ("allreduce_strategy", "'AUTO' | 'NCCL' | 'UB' | 'MINLATENCY' | 'ONESHOT' | 'TWOSHOT' | 'LOWPRECISION' | 'MNNVL' | 'NCCL_SYMMETRIC' | None", "AUTO", "Allreduce strategy to use."),  # noqa: E501
    ("checkpoint_format", "str | None", None, "The format of the provided checkpoint."),
    ("kv_connector_config", "KvCacheConnectorConfig | None", None, "The config for KV cache connector."),  # noqa: E501
    ("mm_encoder_only", "bool", False, "Only load/execute the vision encoder part of the full model."),  # noqa: E501
    ("enable_sleep", "bool", False, "Enable LLM sleep feature."),
    ("disable_flashinfer_sampling", "bool", False, "Disable the use of FlashInfer.sampling."),
    ("max_stats_len", "int", 1000, "The max number of performance statistic entries."),
)  # fmt: skip
"""``TorchLlmArgs``' own fields: the ``pytorch`` backend only."""

TRT_LLM_ARGS: tuple[NativeParam, ...] = (
    ("enable_tqdm", "bool", False, "Enable tqdm for progress bar."),
    ("workspace", "str | None", None, "The workspace for the model."),
    ("fail_fast_on_attention_window_too_large", "bool", False, "Fail fast when attention window is too large to fit even a single sequence in the KV cache."),  # noqa: E501
    ("enable_build_cache", "BuildCacheConfig | bool", False, "Enable build cache."),
    ("extended_runtime_perf_knob_config", "ExtendedRuntimePerfKnobConfig | None", None, "Extended runtime perf knob config."),  # noqa: E501
    ("calib_config", "CalibConfig", "CalibConfig()", "Calibration config."),
    ("quant_config", "QuantConfig", "QuantConfig()", "Quantization config."),
    ("embedding_parallel_mode", "'NONE' | 'SHARDING_ALONG_VOCAB' | 'SHARDING_ALONG_HIDDEN'", "SHARDING_ALONG_VOCAB", "The embedding parallel mode."),  # noqa: E501
    ("fast_build", "bool", False, "Enable fast build."),
    ("build_config", "BuildConfig | None", None, "Build config."),
    ("enable_prompt_adapter", "bool", False, "Enable prompt adapter."),
    ("max_prompt_adapter_token", "int", 0, "The maximum number of prompt adapter tokens."),
    ("batching_type", "BatchingType | None", None, "Batching type."),
    ("normalize_log_probs", "bool", False, "Normalize log probabilities."),
)  # fmt: skip
"""``TrtLlmArgs``' own fields: the ``tensorrt`` backend only."""

SAMPLING_PARAMS: tuple[NativeParam, ...] = (
    ("end_id", "int | None", None, "The end token id."),
    ("pad_id", "int | None", None, "The pad token id."),
    ("max_tokens", "int", 32, "The maximum number of tokens to generate."),
    ("bad", "str | list[str] | None", None, "Strings that redirect the generation when they are generated."),  # noqa: E501
    ("bad_token_ids", "list[int] | None", None, "Token ids that redirect the generation when they are generated."),  # noqa: E501
    ("stop", "str | list[str] | None", None, "Strings that stop the generation when they are generated."),  # noqa: E501
    ("stop_token_ids", "list[int] | None", None, "Token ids that stop the generation when they are generated."),  # noqa: E501
    ("include_stop_str_in_output", "bool", False, "Whether to include the stop strings in output text."),  # noqa: E501
    ("apply_batched_logits_processor", "bool", False, "Whether to apply batched logits postprocessor callback."),  # noqa: E501
    ("n", "int", 1, "Number of sequences to generate."),
    ("best_of", "int | None", None, "Number of sequences to consider for best output."),
    ("use_beam_search", "bool", False, "Whether to use beam search."),
    ("top_k", "int | None", None, "Controls number of logits to sample from; None: runtime default 0 (all logits)."),  # noqa: E501
    ("top_p", "float | None", None, "Controls the top-P probability to sample from."),
    ("top_p_min", "float | None", None, "Controls decay in the top-P algorithm: its lower bound."),
    ("top_p_reset_ids", "int | None", None, "Controls decay in the top-P algorithm: where to reset the decay."),  # noqa: E501
    ("top_p_decay", "float | None", None, "Controls decay in the top-P algorithm: the decay value."),  # noqa: E501
    ("seed", "int | None", None, "The random seed used by the random number generator in sampling."),  # noqa: E501
    ("temperature", "float | None", None, "Controls the modulation of logits when sampling new tokens; None: runtime default 1.0."),  # noqa: E501
    ("min_tokens", "int | None", None, "Lower bound on the number of tokens to generate; values < 1 have no effect."),  # noqa: E501
    ("beam_search_diversity_rate", "float | None", None, "The beam search diversity rate."),
    ("repetition_penalty", "float | None", None, "Penalize tokens based on how often they appear in the sequence; None: runtime default 1."),  # noqa: E501
    ("presence_penalty", "float | None", None, "Penalize tokens already present in the sequence; None: runtime default 0."),  # noqa: E501
    ("frequency_penalty", "float | None", None, "Penalize tokens by how often they appear in the sequence; None: runtime default 0."),  # noqa: E501
    ("length_penalty", "float | None", None, "Controls how to penalize longer sequences in beam search."),  # noqa: E501
    ("early_stopping", "int | None", None, "Controls whether beam search finishes once beamWidth sentences are generated."),  # noqa: E501
    ("no_repeat_ngram_size", "int | None", None, "Controls how many repeat ngram size are acceptable."),  # noqa: E501
    ("min_p", "float | None", None, "Scale the most likely token to determine the minimum token probability."),  # noqa: E501
    ("beam_width_array", "list[int] | None", None, "The array of beam width used in Variable-Beam-Width-Search."),  # noqa: E501
    ("logprobs", "int | None", None, "Number of log probabilities to return per output token."),
    ("prompt_logprobs", "int | None", None, "Number of log probabilities to return per prompt token."),  # noqa: E501
    ("return_context_logits", "bool", False, "Controls if Result should contain the context logits."),  # noqa: E501
    ("return_generation_logits", "bool", False, "Controls if Result should contain the generation logits."),  # noqa: E501
    ("exclude_input_from_output", "bool", True, "Controls if output tokens in Result should include the input tokens."),  # noqa: E501
    ("return_encoder_output", "bool", False, "Controls if Result should contain encoder output hidden states."),  # noqa: E501
    ("return_perf_metrics", "bool", False, "Controls if Result should contain the performance metrics for this request."),  # noqa: E501
    ("additional_model_outputs", "list[str] | None", None, "The additional outputs to gather from the model."),  # noqa: E501
    ("guided_decoding", "GuidedDecodingParams | None", None, "Guided decoding params."),
    ("ignore_eos", "bool", False, "Whether to ignore the EOS token and continue generating tokens after it."),  # noqa: E501
    ("detokenize", "bool", True, "Whether to detokenize the output."),
    ("add_special_tokens", "bool", True, "Whether to add special tokens to the prompt."),
    ("truncate_prompt_tokens", "int | None", None, "If set to k, use only the last k tokens from the prompt (left truncation)."),  # noqa: E501
    ("skip_special_tokens", "bool", True, "Whether to skip special tokens in the output."),
    ("spaces_between_special_tokens", "bool", True, "Whether to add spaces between special tokens in the output."),  # noqa: E501
)  # fmt: skip
"""``SamplingParams``' public fields (``embedding_bias``, ``logits_processor`` and
``lookahead_config`` take library objects and are left out)."""

BACKEND_ONLY = {"pytorch": TORCH_LLM_ARGS, "tensorrt": TRT_LLM_ARGS}
