"""``tensorrt_llm.LLM`` (PyTorch backend) with the 1.2 signatures; see README.md."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from tensorrt_llm.executor.result import RequestOutput
from tensorrt_llm.sampling_params import SamplingParams

VOCAB_SIZE = 1000
BOS_ID, EOS_ID = 1, 2
FIRST_WORD_ID = 3
STEP_DELAY_S = 0.001

COMMON_ARGS = frozenset(
    {
        "model", "tokenizer", "tokenizer_mode", "skip_tokenizer_init", "trust_remote_code",
        "tensor_parallel_size", "dtype", "revision", "tokenizer_revision", "pipeline_parallel_size",
        "context_parallel_size", "gpus_per_node", "kv_cache_config", "enable_chunked_prefill",
        "max_batch_size", "max_input_len", "max_seq_len", "max_beam_width", "max_num_tokens",
        "scheduler_config", "return_perf_metrics", "enable_lora", "lora_config",
    }
)  # fmt: skip
"""A subset of BaseLlmArgs' fields (tensorrt_llm/llmapi/llm_args.py)."""
BACKEND_ARGS = {
    "pytorch": frozenset(
        {
            "cuda_graph_config", "disable_overlap_scheduler", "attn_backend", "sampler_type",
            "stream_interval", "enable_autotuner", "print_iter_log", "torch_compile_config",
            "garbage_collection_gen0_threshold", "moe_config", "load_format",
        }
    ),
    "tensorrt": frozenset(
        {"quant_config", "calib_config", "build_config", "workspace", "fast_build",
         "enable_build_cache", "enable_tqdm"}
    ),
}  # fmt: skip
"""A subset of TorchLlmArgs' and TrtLlmArgs' own fields."""


class HFTokenizer:
    """A Hugging Face-like word tokenizer: one id per whitespace-separated word."""

    chat_template: str | None = None
    eos_token_id = EOS_ID
    pad_token_id = EOS_ID

    def __call__(self, text: str, add_special_tokens: bool = True) -> dict[str, list[int]]:
        return {"input_ids": self.encode(text, add_special_tokens=add_special_tokens)}

    def encode(self, text: str, add_special_tokens: bool = True) -> list[int]:
        words = [_word_id(word) for word in text.split()]
        return [BOS_ID, *words] if add_special_tokens else words

    def decode(self, token_ids: list[int]) -> str:
        return "".join(f" w{token}" for token in token_ids)


def _word_id(word: str) -> int:
    return FIRST_WORD_ID + zlib.crc32(word.encode()) % (VOCAB_SIZE - FIRST_WORD_ID)


class TransformersTokenizer:
    """``tensorrt_llm.llmapi.tokenizer.TransformersTokenizer``: the HF tokenizer under
    ``.tokenizer``."""

    def __init__(self, tokenizer: HFTokenizer) -> None:
        self.tokenizer = tokenizer

    def encode(self, text: str, add_special_tokens: bool = True) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=add_special_tokens)

    def decode(self, token_ids: list[int]) -> str:
        return self.tokenizer.decode(token_ids)


@dataclass
class LlmBuildStats:
    """``tensorrt_llm.llmapi.llm_utils.LlmBuildStats``: the model loader's steps and seconds."""

    cache_hitted: bool = False
    build_steps_info: list[tuple[str, float]] = field(default_factory=list)


BUILD_STEPS = {
    "pytorch": [],
    "tensorrt": [("Convert checkpoint", 0.25), ("Build TensorRT-LLM engine", 1.5)],
}
"""What the fake "reports" per backend: invented numbers, for the plumbing only."""


class BaseFakeLLM:
    backend: ClassVar[str] = "pytorch"
    created: ClassVar[list[BaseFakeLLM]] = []
    """Every LLM built, newest last (tests read what the runner passed)."""

    def __init__(
        self,
        model: str | Path,
        tokenizer: Any = None,
        tokenizer_mode: str = "auto",
        skip_tokenizer_init: bool = False,
        trust_remote_code: bool = False,
        tensor_parallel_size: int = 1,
        dtype: str = "auto",
        revision: str | None = None,
        tokenizer_revision: str | None = None,
        **kwargs: Any,
    ) -> None:
        _check_arguments(self.backend, kwargs)
        self.args: dict[str, Any] = {
            "model": model,
            "tensor_parallel_size": tensor_parallel_size,
            "dtype": dtype,
            **kwargs,
        }
        self._hf_model_dir = Path(model) if Path(model).is_dir() else None
        self._tokenizer = None if skip_tokenizer_init else TransformersTokenizer(HFTokenizer())
        self.requests: list[tuple[Any, SamplingParams, bool]] = []
        self.is_shut_down = False
        self.llm_build_stats = LlmBuildStats(build_steps_info=list(BUILD_STEPS[self.backend]))
        self._next_id = 0
        BaseFakeLLM.created.append(self)

    @property
    def tokenizer(self) -> TransformersTokenizer | None:
        return self._tokenizer

    def generate_async(
        self,
        inputs: Any,
        sampling_params: SamplingParams | None = None,
        lora_request: Any = None,
        prompt_adapter_request: Any = None,
        streaming: bool = False,
        kv_cache_retention_config: Any = None,
        disaggregated_params: Any = None,
    ) -> RequestOutput:
        if self.is_shut_down:
            raise RuntimeError("the LLM has been shut down")
        params = sampling_params or SamplingParams()
        prompt_ids = _prompt_token_ids(inputs, self._tokenizer)
        self.requests.append((inputs, params, streaming))
        self._next_id += 1
        steps = [[token] for token in _answer(prompt_ids, params)]
        decode = HFTokenizer().decode
        return RequestOutput(self._next_id, prompt_ids, steps, decode, streaming, STEP_DELAY_S)

    def shutdown(self) -> None:
        self.is_shut_down = True


class LLM(BaseFakeLLM):
    backend = "pytorch"


def _check_arguments(backend: str, kwargs: dict[str, Any]) -> None:
    """``_TorchLLM._validate_args_for_torch_backend`` (tensorrt_llm/llmapi/llm.py), pydantic's
    ``extra="forbid"`` and KvCacheConfig's ``Field(ge=0, le=1)``, as ValueErrors (a pydantic
    ``ValidationError`` is one)."""
    tensorrt_only = sorted(set(kwargs) & (BACKEND_ARGS["tensorrt"] - BACKEND_ARGS["pytorch"]))
    if backend == "pytorch" and tensorrt_only:
        raise ValueError(
            "The following arguments are specific to TensorRT backend and cannot be used with"
            f" PyTorch backend: {tensorrt_only}."
        )
    unknown = sorted(set(kwargs) - COMMON_ARGS - BACKEND_ARGS[backend])
    if unknown:
        raise ValueError(f"Extra inputs are not permitted: {unknown}")
    fraction = (kwargs.get("kv_cache_config") or {}).get("free_gpu_memory_fraction")
    if fraction is not None and not 0 <= fraction <= 1:
        raise ValueError("kv_cache_config.free_gpu_memory_fraction must be in [0, 1]")


def _prompt_token_ids(inputs: Any, tokenizer: TransformersTokenizer | None) -> list[int]:
    """``PromptInputs``: a string, a list of token ids, or a ``TokensPrompt`` mapping."""
    if isinstance(inputs, dict):
        return list(inputs["prompt_token_ids"])
    if isinstance(inputs, str):
        if tokenizer is None:
            raise ValueError("a text prompt needs the tokenizer")
        return tokenizer.encode(inputs)
    return list(inputs)


def _answer(prompt_ids: list[int], params: SamplingParams) -> list[int]:
    """Deterministic tokens: ``1 + len(prompt) % 5`` of them, or ``max_tokens`` ignoring EOS."""
    length = params.max_tokens if params.ignore_eos else 1 + len(prompt_ids) % 5
    length = max(min(length, params.max_tokens), params.min_tokens or 0)
    return [FIRST_WORD_ID + (sum(prompt_ids) + step) % 97 for step in range(length)]
