"""The contract between llem's measurement harness and an engine's ``runner.py``.

The harness (in the experiment process) owns timing windows, energy and metrics; the engine runner
only loads the model and generates. A runner class is named by ``EngineSpec.runner`` and built as
``RunnerClass(config, model)``. It is the only place an engine library is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import attrs

if TYPE_CHECKING:
    from llem.config.models import ExperimentConfig


@attrs.frozen
class ResolvedModel:
    """Where the weights are: ``source`` is ``hub`` (an id), ``local`` (a directory) or
    ``package`` (a directory inside an installed Python package). ``gguf_file`` names a GGUF file
    inside ``location`` when the weights are GGUF. ``cache_dir``: where the engine may keep forms
    of these weights it derives (a GGUF file converted to safetensors), shared by every run on the
    machine; ``None``: derive them afresh in a temporary folder."""

    source: str
    location: str
    gguf_file: str | None = None
    cache_dir: str | None = None


@attrs.frozen
class Prompt:
    index: int
    text: str


@attrs.frozen
class RequestOutput:
    """One request's outcome. Token counts come from the engine's output tensors.

    ``ttft_s``: from the request's submission to its first output token. ``itl_s``: the gaps between
    consecutive output tokens (the first token excluded), so ``len(itl_s) == output_tokens - 1``.
    ``e2e_s``: submission to last token.
    """

    index: int
    input_tokens: int
    output_tokens: int
    ttft_s: float | None
    itl_s: tuple[float, ...]
    e2e_s: float
    text: str = ""


@attrs.frozen
class ModelInfo:
    """Architecture facts the harness needs for FLOPs, read from the loaded model."""

    name: str
    total_params: int
    non_embedding_params: int
    n_layers: int
    n_attention_heads: int
    head_dim: int
    hidden_size: int
    vocab_size: int
    dtype: str
    device: str


@attrs.frozen
class MemoryStats:
    """Peak device memory over the measured window, or ``None`` with the reason."""

    device_peak_allocated_bytes: int | None
    device_peak_reserved_bytes: int | None = None
    reason: str | None = None


ProgressCallback = Callable[[int], None]


class EngineRunner(Protocol):
    """What an engine's runner class implements. Constructed as ``Runner(config, model)``.

    Optionally, after :meth:`load`, a ``load_phases`` attribute (a mapping of names to seconds)
    names parts of the load worth telling apart, such as an engine build; the result records
    them as ``timing.model_load_phases``."""

    def load(self) -> ModelInfo:
        """Load the model and tokenizer; return architecture facts."""
        ...

    def generate(
        self, prompts: Sequence[Prompt], on_progress: ProgressCallback
    ) -> list[RequestOutput]:
        """Generate for every prompt, batching as the engine config says. Call ``on_progress(n)``
        after each ``n`` requests complete. Return outputs in the order of ``prompts``."""
        ...

    def synchronize(self) -> None:
        """Block until all queued device work has finished (energy windows open and close on it)."""
        ...

    def reset_peak_memory(self) -> None: ...

    def memory(self) -> MemoryStats: ...

    def library_versions(self) -> dict[str, str]:
        """Versions of the engine library and what it stands on (e.g. torch, CUDA)."""
        ...

    def close(self) -> None: ...


RunnerFactory = Callable[["ExperimentConfig", ResolvedModel], EngineRunner]


def check_outputs_match(prompts: Sequence[Prompt], outputs: Sequence[RequestOutput]) -> None:
    """Raise if a runner returned outputs that do not line up with its prompts."""
    got = [output.index for output in outputs]
    want = [prompt.index for prompt in prompts]
    if got != want:
        raise RuntimeError(
            f"engine returned outputs for requests {got[:5]}..., expected {want[:5]}..."
        )
