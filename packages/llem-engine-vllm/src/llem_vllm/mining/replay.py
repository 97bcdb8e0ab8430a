"""Replays native keyword arguments against the installed vLLM, for the replay gate.

:class:`VllmReplayer` implements :class:`llem_miners.replay.Replayer` for the native types of this
engine's corpus:

* ``SamplingParams``: constructing ``vllm.SamplingParams``, which runs ``__post_init__`` and
  ``_verify_args`` (range checks, greedy normalisation). Its effect is every field of the result.
* ``EngineArgs``: ``vllm.EngineArgs(**kwargs).create_engine_config()``, the call ``LLM`` makes
  before it loads anything. It builds and validates every engine config class (``ModelConfig``,
  ``CacheConfig``, ``SchedulerConfig``, ``ParallelConfig``, ...) and applies the platform's
  adjustments. The model is a ``config.json`` of a tiny Llama written to a temporary directory
  (no weights, no tokenizer: ``skip_tokenizer_init``), so a replay takes milliseconds. Its effect
  is the fields of those config classes.

Only the replay gate (a developer tool) imports this module. vLLM's pydantic validation errors are
reported one line per failing field (``CacheConfig: block_size: Input should be greater than 0``)
so that a rule's template can name the field it is about.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import io
import logging
import shutil
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from llem.errors import RuntimeMissingError
from llem_miners.replay import Observation
from llem_vllm import INSTALL_HINT

try:
    import pydantic
    import torch
    import vllm
    from transformers import LlamaConfig
    from vllm import logger as vllm_logger
except ImportError as error:
    raise RuntimeMissingError(
        f"the vLLM replayer needs vllm ({error}). Install it with `{INSTALL_HINT}`."
    ) from error

LIBRARY_LOGGER = "vllm"
MODEL_PLACEHOLDER = "<tiny-llama>"

TINY_LLAMA: dict[str, Any] = {
    "vocab_size": 128,
    "hidden_size": 16,
    "intermediate_size": 32,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "num_key_value_heads": 1,
    "max_position_embeddings": 4096,
    "torch_dtype": "float32",
}
"""The model every ``EngineArgs`` replay names: its derived ``max_model_len`` is 4096, so rules
about explicit lengths below that are not masked by the model's own limit."""

FIXED_ENGINE_ARGS: dict[str, Any] = {"skip_tokenizer_init": True, "disable_log_stats": True}
"""Keywords every ``EngineArgs`` replay passes: the tiny model has no tokenizer, and llem always
disables vLLM's periodic stats logging."""

ENGINE_CONFIGS = (
    "model_config",
    "cache_config",
    "scheduler_config",
    "parallel_config",
    "load_config",
    "device_config",
)
"""The parts of ``VllmConfig`` whose fields make up an ``EngineArgs`` replay's effect."""

VOLATILE_FIELDS = frozenset(
    {"data_parallel_master_port", "_data_parallel_master_port_list", "master_port"}
)
"""Fields that differ between two identical constructions (free ports picked at random)."""


class _Collector(logging.Handler):
    """Keeps the text of vLLM's log records at WARNING and above."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _clear_once_caches() -> None:
    """vLLM's ``warning_once`` / ``info_once`` remember what they printed; a replay must see a
    repeated warning again."""
    for name in ("_print_debug_once", "_print_info_once", "_print_warning_once"):
        cached = getattr(vllm_logger, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


@contextmanager
def _captured_logs() -> Iterator[_Collector]:
    """Route vLLM's log records to a collector only (nothing printed), restoring them after."""
    _clear_once_caches()
    root = logging.getLogger(LIBRARY_LOGGER)
    saved = (root.handlers[:], root.level, root.propagate)
    collector = _Collector()
    root.handlers = [collector]
    root.setLevel(logging.INFO)
    root.propagate = False
    try:
        yield collector
    finally:
        root.handlers, level, root.propagate = saved
        root.setLevel(level)


def plain(value: Any) -> Any:
    """``value`` as comparable plain data: enums and dtypes as strings, sequences as tuples, and
    any other object as its class name (its identity is not part of what a rule is about)."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, torch.dtype):
        return str(value).removeprefix("torch.")
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(item) for item in value]
        return tuple(sorted(items, key=repr) if isinstance(value, set | frozenset) else items)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return f"<{type(value).__name__}>"


def describe_error(error: Exception) -> str:
    """``"Type: message"``; a pydantic ``ValidationError`` as ``"ValidationError: Class: field:
    message"`` per failing field, joined by ``"; "`` (pydantic's own text spreads each over three
    lines and appends a documentation link)."""
    if isinstance(error, pydantic.ValidationError):
        details = [_describe_detail(error.title, detail) for detail in error.errors()]
        return "ValidationError: " + "; ".join(details)
    return f"{type(error).__name__}: {error}"


def _describe_detail(title: str, detail: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in detail.get("loc", ()))
    where = f"{title}: {location}" if location else title
    return f"{where}: {detail.get('msg', '')}"


def write_tiny_model(directory: Path) -> Path:
    """The ``config.json`` of :data:`TINY_LLAMA` in ``directory`` (no weights are needed to
    build an engine config)."""
    LlamaConfig(**TINY_LLAMA).save_pretrained(directory)
    return directory


class VllmReplayer:
    """Constructs ``SamplingParams`` and ``EngineArgs`` (through ``create_engine_config``)."""

    def __init__(self) -> None:
        self.library_version: str = vllm.__version__
        self._directory = Path(tempfile.mkdtemp(prefix="llem-vllm-replay-"))
        self._model = str(write_tiny_model(self._directory))
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "SamplingParams": self._sampling_params,
            "EngineArgs": self._engine_args,
        }
        weakref.finalize(self, shutil.rmtree, self._directory, ignore_errors=True)
        self._warm_up()

    def _warm_up(self) -> None:
        """The first ``create_engine_config`` configures vLLM's logging, giving its logger a
        console handler midway through the call; doing it once here, with the console
        redirected, keeps that call quiet and every later replay's records in the collector."""
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            self.replay("EngineArgs", {})

    @property
    def native_types(self) -> tuple[str, ...]:
        return tuple(self._handlers)

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        """Construct ``native_type`` with ``kwargs``; report what the library did."""
        handler = self._handlers.get(native_type)
        if handler is None:
            known = ", ".join(self._handlers)
            raise ValueError(f"unknown native type {native_type!r} (known: {known})")
        raised: str | None = None
        effect: Any = None
        with (
            _captured_logs() as logs,
            warnings.catch_warnings(record=True) as caught,
            torch.random.fork_rng(devices=[]),
        ):
            warnings.simplefilter("always")
            try:
                effect = handler(dict(kwargs))
            except Exception as error:
                raised = describe_error(error)
        messages = [str(warning.message) for warning in caught] + logs.messages
        return Observation(raised=raised, warnings=tuple(messages), effect=effect)

    def _sampling_params(self, kwargs: dict[str, Any]) -> Any:
        params = vllm.SamplingParams(**kwargs)
        return {name: plain(getattr(params, name)) for name in params.__struct_fields__}

    def _engine_args(self, kwargs: dict[str, Any]) -> Any:
        engine_args = vllm.EngineArgs(model=self._model, **FIXED_ENGINE_ARGS, **kwargs)
        config = engine_args.create_engine_config()
        return {name: self._config_effect(getattr(config, name)) for name in ENGINE_CONFIGS}

    def _config_effect(self, config: Any) -> dict[str, Any]:
        effect: dict[str, Any] = {}
        for field in dataclasses.fields(config):
            if field.name in VOLATILE_FIELDS:
                continue
            value = plain(getattr(config, field.name, None))
            effect[field.name] = MODEL_PLACEHOLDER if value == self._model else value
        return effect


def make_replayer() -> VllmReplayer:
    """The factory the engine spec names (``llem_vllm.mining.replay:make_replayer``)."""
    return VllmReplayer()
