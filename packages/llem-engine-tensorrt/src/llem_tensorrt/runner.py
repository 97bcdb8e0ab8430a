"""Serves a model with TensorRT-LLM's LLM API and generates with every request submitted at once.

Every prompt is submitted with ``LLM.generate_async(..., streaming=True)`` and the streams are
read together on one asyncio loop: each streamed response carries the tokens produced since the
last one and is stamped when it arrives, so TTFT and ITL are per token. TensorRT-LLM's in-flight
batching scheduler decides what runs together. The only module of the engine that imports
tensorrt_llm; imported inside the experiment process, never by the host.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llem.engine_api import MemoryStats, ModelInfo, ProgressCallback, Prompt, RequestOutput
from llem.engine_library import installed_versions
from llem.engine_support.loading import explained_load_errors, loadable_location
from llem.engine_support.model_info import safetensors_parameters
from llem.engine_support.prompts import prompt_token_ids
from llem.engine_support.traces import RequestTrace
from llem.errors import RuntimeMissingError, UsageError
from llem.preflight.hub import require_weights_reachable
from llem_tensorrt import INSTALL_HINT
from llem_tensorrt.arguments import engine_config_of, llm_kwargs, sampling_kwargs
from llem_tensorrt.build_stats import build_phases
from llem_tensorrt.model_info import checkpoint_dtype, read_model_info, text_config

try:
    import tensorrt_llm
    from tensorrt_llm import LLM, SamplingParams
except ImportError as error:
    raise RuntimeMissingError(
        f"the TensorRT-LLM engine needs tensorrt_llm ({error}). Install it with"
        f" `{INSTALL_HINT}`, or run the experiment in the engine's image (runner: docker)."
    ) from error

if TYPE_CHECKING:
    from llem.config.models import ExperimentConfig
    from llem.engine_api import ResolvedModel

DEVICE = "cuda:0"
MEMORY_REASON = (
    "TensorRT-LLM's executor allocates in its worker processes, out of reach of this one; see"
    " the GPU timeline"
)
LIBRARY_DISTRIBUTIONS = ("torch", "transformers")


def llm_class(backend: str) -> Any:
    """``tensorrt_llm.LLM`` is the PyTorch backend in 1.x; the TensorRT-engine one lives apart."""
    if backend == "pytorch":
        return LLM
    from tensorrt_llm._tensorrt_engine import LLM as TensorrtEngineLLM

    return TensorrtEngineLLM


class TensorrtRunner:
    """:class:`llem.engine_api.EngineRunner` for TensorRT-LLM."""

    def __init__(self, config: ExperimentConfig, model: ResolvedModel) -> None:
        self.config = config
        self.resolved_model = model
        self.settings = engine_config_of(config)
        self.load_phases: dict[str, float] = {}
        """Seconds spent in parts of ``load``: ``llm_init_s`` (building ``LLM``, engine build
        included), and the build steps TensorRT-LLM reports (``build.<step>_s``,
        ``build_total_s``; see :mod:`llem_tensorrt.build_stats`)."""
        self._llm: Any = None
        self._tokenizer: Any = None
        self._sampling: Any = None

    @property
    def llm(self) -> Any:
        if self._llm is None:
            raise RuntimeError("TensorRT-LLM runner: load() has not been called")
        return self._llm

    def load(self) -> ModelInfo:
        require_weights_reachable(self.resolved_model)
        location = loadable_location(self.resolved_model)
        with explained_load_errors("TensorRT-LLM", self.config.task.model):
            started = time.perf_counter()
            self._llm = llm_class(self.settings.backend)(**llm_kwargs(self.config, location))
            self.load_phases["llm_init_s"] = time.perf_counter() - started
            self.load_phases |= build_phases(self._llm)
            self._sampling = SamplingParams(**sampling_kwargs(self.config))
        self._attach_tokenizer()
        return self._model_info(location)

    def _attach_tokenizer(self) -> None:
        """The Hugging Face tokenizer TensorRT-LLM loaded (``TransformersTokenizer`` keeps it
        under ``.tokenizer``): llem tokenises and truncates prompts itself."""
        self._tokenizer = getattr(self.llm.tokenizer, "tokenizer", self.llm.tokenizer)

    def _model_folder(self, location: str) -> Path:
        """Where the checkpoint is on disk: the folder itself, or the hub snapshot
        TensorRT-LLM downloaded (``LLM._hf_model_dir`` in 1.2.1)."""
        if Path(location).is_dir():
            return Path(location)
        downloaded = getattr(self.llm, "_hf_model_dir", None)
        if downloaded is None:
            raise UsageError(f"cannot find the downloaded checkpoint of {location!r}")
        return Path(downloaded)

    def _model_info(self, location: str) -> ModelInfo:
        folder = self._model_folder(location)
        config = text_config(folder)
        total = safetensors_parameters(folder)
        if total is None:
            raise UsageError(f"{folder} has no *.safetensors files: llem counts parameters there")
        return read_model_info(
            config,
            total,
            name=self.config.task.model,
            dtype=checkpoint_dtype(config, self.settings.dtype),
            device=DEVICE,
        )

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        task = self.config.task
        encoded = [
            (prompt.index, prompt_token_ids(self._tokenizer, prompt.text, task))
            for prompt in prompts
        ]
        traces = asyncio.run(self._generate_all(encoded, on_progress))
        return [trace.output() for trace in traces]

    async def _generate_all(
        self, encoded: Sequence[tuple[int, list[int]]], on_progress: ProgressCallback
    ) -> list[RequestTrace]:
        """Submit every request, then read all streams at once (inside the loop: a
        ``RequestOutput`` made in a running loop streams through it)."""
        submitted = [self._submit(index, token_ids) for index, token_ids in encoded]
        follows = (self._follow(trace, stream, on_progress) for trace, stream in submitted)
        return list(await asyncio.gather(*follows))

    def _submit(self, index: int, token_ids: list[int]) -> tuple[RequestTrace, Any]:
        """Queue one request; its clock starts before TensorRT-LLM sees it."""
        trace = RequestTrace(index, time.perf_counter(), len(token_ids))
        stream = self.llm.generate_async(
            {"prompt_token_ids": token_ids}, self._sampling, streaming=True
        )
        return trace, stream

    @staticmethod
    async def _follow(
        trace: RequestTrace, stream: Any, on_progress: ProgressCallback
    ) -> RequestTrace:
        async for response in stream:
            completion = response.outputs[0]
            trace.add(time.perf_counter(), completion.token_ids_diff, completion.text_diff)
        on_progress(1)
        return trace

    def synchronize(self) -> None:
        """Streamed responses are host values: a finished request's tokens have left the GPU."""

    def reset_peak_memory(self) -> None:
        """Nothing to reset: see :meth:`memory`."""

    def memory(self) -> MemoryStats:
        return MemoryStats(None, None, reason=MEMORY_REASON)

    def library_versions(self) -> dict[str, str]:
        """TensorRT-LLM and what it stands on (torch, transformers), where installed."""
        return {
            "tensorrt-llm": str(tensorrt_llm.__version__),
            **installed_versions(LIBRARY_DISTRIBUTIONS),
        }

    def close(self) -> None:
        if self._llm is not None:
            self._llm.shutdown()
        self._llm = None
        self._tokenizer = None
        gc.collect()
