"""Loads a model with Hugging Face transformers and generates in static batches.

The only module of the engine that imports torch and transformers; it is imported inside the
experiment process, never by the llem host.
"""

from __future__ import annotations

import gc
import importlib.util
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from llem.engine_api import MemoryStats, ModelInfo, ProgressCallback, Prompt, RequestOutput
from llem.engine_library import installed_versions
from llem.engine_support.prompts import chat_prompt, wants_chat_template
from llem.errors import RuntimeMissingError, UsageError
from llem.preflight.hub import require_weights_reachable
from llem_transformers import INSTALL_HINT
from llem_transformers.config import TransformersConfig
from llem_transformers.decoding import batches, sampling_kwargs
from llem_transformers.model_info import read_model_info
from llem_transformers.placement import resolve_device, resolve_dtype
from llem_transformers.timing import request_timing
from llem_transformers.tokens import as_token_ids, count_output_tokens

try:
    import torch
    import transformers
    from transformers import (
        AutoModelForCausalLM,
        AutoTokenizer,
        BitsAndBytesConfig,
        StoppingCriteria,
        StoppingCriteriaList,
    )
except ImportError as error:
    raise RuntimeMissingError(
        f"the transformers engine needs torch and transformers ({error}). Install them with "
        f"`{INSTALL_HINT}`, or run the experiment in the engine's image (runner: docker)."
    ) from error

if TYPE_CHECKING:
    from llem.config.models import ExperimentConfig
    from llem.engine_api import ResolvedModel

CPU_MEMORY_REASON = "device is cpu: torch does not track host allocator peaks; see peak_rss_mb"
LIBRARY_DISTRIBUTIONS = ("transformers", "torch", "accelerate", "gguf")


@contextmanager
def _explained_load_errors(model: str) -> Iterator[None]:
    """Weights that cannot be found or read are the user's to fix: say so without a traceback."""
    try:
        yield
    except OSError as error:
        raise UsageError(f"could not load model {model!r}: {error}") from error


class StepClock(StoppingCriteria):
    """Timestamps every decoding step; called by ``generate`` after each new token, never stops it.

    ``synchronize`` waits for the device, so a timestamp is taken when the token exists, not when
    its kernels were queued.
    """

    def __init__(self, synchronize: Callable[[], None]) -> None:
        self.synchronize = synchronize
        self.step_times: list[float] = []

    def now(self) -> float:
        self.synchronize()
        return time.perf_counter()

    def __call__(self, input_ids: torch.Tensor, scores: Any, **kwargs: Any) -> torch.Tensor:
        self.step_times.append(self.now())
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def require_modules(modules: Sequence[str], purpose: str) -> None:
    missing = [module for module in modules if importlib.util.find_spec(module) is None]
    if missing:
        raise RuntimeMissingError(
            f"{purpose} needs {', '.join(missing)}: install with `{INSTALL_HINT}`"
        )


class TransformersRunner:
    """:class:`llem.engine_api.EngineRunner` for Hugging Face transformers."""

    def __init__(self, config: ExperimentConfig, model: ResolvedModel) -> None:
        self.config = config
        self.resolved_model = model
        self.engine_config: TransformersConfig = config.engine_config or TransformersConfig()
        self.device = "cpu"
        self._model: Any = None
        self._tokenizer: Any = None
        self._generation_kwargs: dict[str, Any] = {}
        self._stop_ids: tuple[int, ...] = ()
        self._use_chat_template = False

    @property
    def model(self) -> Any:
        if self._model is None:
            raise RuntimeError("TransformersRunner.load() has not been called")
        return self._model

    @property
    def tokenizer(self) -> Any:
        if self._tokenizer is None:
            raise RuntimeError("TransformersRunner.load() has not been called")
        return self._tokenizer

    def load(self) -> ModelInfo:
        require_weights_reachable(self.resolved_model)
        if self.resolved_model.gguf_file:
            require_modules(("gguf", "accelerate"), "loading GGUF weights")
        transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        transformers.set_seed(self.config.task.random_seed)
        self.device = resolve_device(self.engine_config.device, torch.cuda.is_available())
        with _explained_load_errors(self.config.task.model):
            self._tokenizer = self._load_tokenizer()
            self._model = self._load_model()
        self._stop_ids = self._find_stop_ids()
        self._generation_kwargs = self._build_generation_kwargs()
        return read_model_info(self._model, name=self.config.task.model)

    def _load_tokenizer(self) -> Any:
        tokenizer = AutoTokenizer.from_pretrained(
            self.resolved_model.location, gguf_file=self.resolved_model.gguf_file
        )
        if tokenizer.pad_token is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"
        tokenizer.truncation_side = "left"
        self._use_chat_template = wants_chat_template(tokenizer, self.config.task)
        return tokenizer

    def _load_model(self) -> Any:
        model: Any = AutoModelForCausalLM.from_pretrained(
            self.resolved_model.location, **self._model_load_kwargs()
        )
        model.eval()
        return model

    def _model_load_kwargs(self) -> dict[str, Any]:
        dtype = resolve_dtype(self.engine_config.dtype, self.device, self._bf16_supported())
        kwargs: dict[str, Any] = {"dtype": getattr(torch, dtype), "device_map": self.device}
        if self.resolved_model.gguf_file:
            kwargs["gguf_file"] = self.resolved_model.gguf_file
        if self.engine_config.attn_implementation:
            kwargs["attn_implementation"] = self.engine_config.attn_implementation
        if self.engine_config.quantization:
            kwargs["quantization_config"] = self._quantization_config()
        return kwargs

    def _quantization_config(self) -> Any:
        if importlib.util.find_spec("bitsandbytes") is None:
            raise RuntimeMissingError(
                "transformers.quantization needs the bitsandbytes package: pip install bitsandbytes"
            )
        if self.device != "cuda":
            raise UsageError("transformers.quantization (bitsandbytes) needs a CUDA GPU")
        return BitsAndBytesConfig(**self.engine_config.quantization)  # type: ignore[no-untyped-call]

    def _bf16_supported(self) -> bool:
        return self.device == "cuda" and torch.cuda.is_bf16_supported()

    def _find_stop_ids(self) -> tuple[int, ...]:
        """The ids ``generate`` stops on: the model's generation config, else tokenizer EOS."""
        configured = as_token_ids(self.model.generation_config.eos_token_id)
        return configured or as_token_ids(self.tokenizer.eos_token_id)

    def _build_generation_kwargs(self) -> dict[str, Any]:
        task = self.config.task
        kwargs = {**self.engine_config.generation, **sampling_kwargs(self.engine_config.sampling)}
        kwargs["max_new_tokens"] = task.max_output_tokens
        kwargs["pad_token_id"] = self.tokenizer.pad_token_id
        if self._stop_ids:
            kwargs["eos_token_id"] = list(self._stop_ids)
        if task.fixed_output_length:
            kwargs["min_new_tokens"] = task.max_output_tokens
        return kwargs

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        outputs: list[RequestOutput] = []
        for batch in batches(prompts, self.engine_config.batch_size):
            outputs.extend(self._generate_batch(batch))
            on_progress(len(batch))
        return outputs

    def _generate_batch(self, batch: Sequence[Prompt]) -> list[RequestOutput]:
        """Generate one static batch; every request in it is submitted at the batch start."""
        clock = StepClock(self.synchronize)
        batch_start = clock.now()
        inputs = self._encode([prompt.text for prompt in batch])
        with torch.inference_mode():
            sequences = self.model.generate(
                **inputs, **self._generation_kwargs, stopping_criteria=StoppingCriteriaList([clock])
            )
        generated = sequences[:, inputs["input_ids"].shape[1] :].tolist()
        input_counts = inputs["attention_mask"].sum(dim=1).tolist()
        return [
            self._request_output(prompt, n_input, token_ids, batch_start, clock.step_times)
            for prompt, n_input, token_ids in zip(batch, input_counts, generated, strict=True)
        ]

    def _encode(self, texts: list[str]) -> Any:
        """Tokenise a batch, keeping the end of prompts longer than ``task.max_input_tokens``."""
        if self._use_chat_template:
            texts = [chat_prompt(self.tokenizer, text) for text in texts]
        encoded = self.tokenizer(
            texts,
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.config.task.max_input_tokens,
            add_special_tokens=not self._use_chat_template,
        )
        return encoded.to(self.model.device)

    def _request_output(
        self,
        prompt: Prompt,
        input_tokens: int,
        token_ids: list[int],
        batch_start: float,
        step_times: Sequence[float],
    ) -> RequestOutput:
        fixed_length = self.config.task.fixed_output_length
        output_tokens = count_output_tokens(token_ids, self._stop_ids, fixed_length=fixed_length)
        timing = request_timing(batch_start, step_times, output_tokens)
        return RequestOutput(
            index=prompt.index,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            ttft_s=timing.ttft_s,
            itl_s=timing.itl_s,
            e2e_s=timing.e2e_s,
            text=self.tokenizer.decode(token_ids[:output_tokens], skip_special_tokens=True),
        )

    def synchronize(self) -> None:
        if self.device == "cuda":
            torch.cuda.synchronize()

    def reset_peak_memory(self) -> None:
        if self.device == "cuda":
            torch.cuda.reset_peak_memory_stats()

    def memory(self) -> MemoryStats:
        if self.device != "cuda":
            return MemoryStats(None, None, reason=CPU_MEMORY_REASON)
        return MemoryStats(
            device_peak_allocated_bytes=torch.cuda.max_memory_allocated(),
            device_peak_reserved_bytes=torch.cuda.max_memory_reserved(),
        )

    def library_versions(self) -> dict[str, str]:
        """Versions of transformers and what it stands on; ``cuda`` only with a CUDA torch."""
        cuda = torch.version.cuda
        return installed_versions(LIBRARY_DISTRIBUTIONS) | ({"cuda": cuda} if cuda else {})

    def close(self) -> None:
        self._model = None
        self._tokenizer = None
        gc.collect()
        if self.device == "cuda":
            torch.cuda.empty_cache()
