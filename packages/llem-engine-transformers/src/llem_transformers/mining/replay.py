"""Replays native keyword arguments against the installed transformers, for the replay gate.

:class:`TransformersReplayer` implements :class:`llem_miners.replay.Replayer` for the native types
of this engine's corpus: ``GenerationConfig`` (construction, which runs ``validate()``),
``generate`` (``model.generate`` on a tiny random Llama built once per replayer) and
``BitsAndBytesConfig``.
Besides :mod:`llem_transformers.runner`, the only module of the engine that imports torch and
transformers; only the replay gate (a developer tool) imports it.
"""

from __future__ import annotations

import copy
import enum
import hashlib
import logging
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from llem.errors import RuntimeMissingError
from llem_miners.replay import Observation
from llem_transformers import INSTALL_HINT

try:
    import torch
    import transformers
    from transformers import (
        BitsAndBytesConfig,
        ContinuousBatchingConfig,
        GenerationConfig,
        LlamaConfig,
        LlamaForCausalLM,
    )
    from transformers.utils import logging as hf_logging
except ImportError as error:
    raise RuntimeMissingError(
        f"the transformers replayer needs torch and transformers ({error}). Install them with "
        f"`{INSTALL_HINT}`."
    ) from error

SEED = 0
MAX_NEW_TOKENS = 6
PAD_TOKEN_ID = 0
PROMPT_IDS = ((5, 6, 7, 8),)
"""The fixed batch ``generate`` is replayed on (no special token ids: bos 1, eos 2, pad 0): one
prompt, llem's default batch size (assisted decoding refuses larger batches outright, which hid
every rule of prompt lookup and early exit behind a batch-size error)."""

TINY_LLAMA: dict[str, Any] = {
    "vocab_size": 96,
    "hidden_size": 16,
    "intermediate_size": 32,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
    "num_key_value_heads": 1,
    "max_position_embeddings": 128,
}

LOGIT_SCALE = 0.75
PAGED_BLOCKS = 4
PAGED_BATCH_TOKENS = 64

LIBRARY_LOGGER = "transformers"
DETAIL_LOGGER = "transformers.generation.configuration_utils"
"""``GenerationConfig.validate`` logs a one-line warning naming the flags with "minor issues"
and the description of each issue at INFO level (``info_once``) on this logger; replays capture
those INFO records too, so that a rule's message template can quote the description."""

OUTPUT_KEYWORDS = frozenset(
    {
        "return_dict_in_generate",
        "output_scores",
        "output_logits",
        "output_attentions",
        "output_hidden_states",
    }
)
"""When the replayed kwargs set none of these, ``generate`` is asked for its scores too, so that
its effect fingerprints the processed logits, not just the (possibly coincidental) tokens."""

VOLATILE_KEYS = frozenset({"transformers_version"})


class _Collector(logging.Handler):
    """Keeps the text of transformers' log records at WARNING and above (and validate's details)."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING or record.name == DETAIL_LOGGER:
            self.messages.append(record.getMessage())


@contextmanager
def _captured_logs() -> Iterator[_Collector]:
    """Route transformers' log records to a collector only (nothing printed), at fixed levels, with
    the ``warning_once`` / ``info_once`` caches cleared so a repeated message is seen again."""
    hf_logging.warning_once.cache_clear()
    hf_logging.info_once.cache_clear()
    root = logging.getLogger(LIBRARY_LOGGER)
    detail = logging.getLogger(DETAIL_LOGGER)
    saved = (root.handlers[:], root.level, root.propagate, detail.level)
    collector = _Collector()
    root.handlers = [collector]
    root.setLevel(logging.WARNING)
    root.propagate = False
    detail.setLevel(logging.INFO)
    try:
        yield collector
    finally:
        root.handlers, level, root.propagate, detail_level = saved
        root.setLevel(level)
        detail.setLevel(detail_level)


def plain(value: Any) -> Any:
    """``value`` as comparable plain data: enums and dtypes as strings, sequences as tuples."""
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
    return repr(value)


def _config_effect(config_dict: Mapping[str, Any]) -> dict[str, Any]:
    effect: dict[str, Any] = plain(config_dict)
    for key in VOLATILE_KEYS:
        effect.pop(key, None)
    return effect


@contextmanager
def single_thread() -> Iterator[None]:
    """One intra-op thread for the tiny model: faster on its own, and on a busy machine much
    faster (OpenMP workers spinning against other processes made replays 30x slower)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def build_tiny_model() -> Any:
    """A randomly initialised one-layer Llama (milliseconds, nothing downloaded), in eval mode.

    Its output projection is scaled up (logits with a standard deviation of about 3) so that the
    next-token distribution has a head and a long tail, as a trained model's does: thresholds such
    as ``top_p=0.999`` or ``min_p=0.001`` then change what is sampled.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(SEED)
        model = LlamaForCausalLM(LlamaConfig(**TINY_LLAMA))
    generator = torch.Generator().manual_seed(SEED + 1)
    with torch.no_grad():
        model.lm_head.weight.normal_(0.0, LOGIT_SCALE, generator=generator)
    return model.eval()  # type: ignore[no-untyped-call]


def generation_effect(output: Any) -> dict[str, Any]:
    """Token ids as a tuple of tuples, a digest of the per-step scores when there are any, and
    the class of the KV cache generate built and the length it was sized for. The cache class is
    part of the effect because a different cache can give bit-identical logits on one CPU and
    not on another (static vs dynamic attention masks): the tokens alone would make the rule's
    verdict hardware-dependent. Its size is what ``max_cache_len`` changes: memory, not tokens."""
    sequences = output if isinstance(output, torch.Tensor) else output.sequences
    effect: dict[str, Any] = {"sequences": tuple(tuple(row) for row in sequences.tolist())}
    cache = getattr(output, "past_key_values", None)
    if cache is not None:
        effect["cache"] = type(cache).__name__
        sized = getattr(cache, "get_max_length", None)
        effect["cache_length"] = sized() if callable(sized) else None
    scores = None if isinstance(output, torch.Tensor) else getattr(output, "scores", None)
    if scores:
        digest = hashlib.sha256()
        for step in scores:
            digest.update(step.detach().to(torch.float32).contiguous().numpy().tobytes())
        effect["scores_sha256"] = digest.hexdigest()
    return effect


class TransformersReplayer:
    """Runs ``GenerationConfig``, ``generate`` and ``BitsAndBytesConfig`` with native kwargs."""

    def __init__(self) -> None:
        self.library_version: str = transformers.__version__
        self._model = build_tiny_model()
        self._handlers: dict[str, Callable[[dict[str, Any]], Any]] = {
            "GenerationConfig": self._generation_config,
            "generate": self._generate,
            "BitsAndBytesConfig": self._bits_and_bytes_config,
        }

    @property
    def native_types(self) -> tuple[str, ...]:
        return tuple(self._handlers)

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        """Construct / call ``native_type`` with ``kwargs``; report what the library did."""
        handler = self._handlers.get(native_type)
        if handler is None:
            known = ", ".join(self._handlers)
            raise ValueError(f"unknown native type {native_type!r} (known: {known})")
        raised: str | None = None
        effect: Any = None
        with _captured_logs() as logs, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                effect = handler(dict(kwargs))
            except Exception as error:
                raised = f"{type(error).__name__}: {error}"
        messages = [str(warning.message) for warning in caught] + logs.messages
        return Observation(raised=raised, warnings=tuple(messages), effect=effect)

    def _generation_config(self, kwargs: dict[str, Any]) -> Any:
        config = GenerationConfig(**kwargs)  # type: ignore[no-untyped-call]
        return _config_effect(config.to_dict())

    def _bits_and_bytes_config(self, kwargs: dict[str, Any]) -> Any:
        config = BitsAndBytesConfig(**kwargs)  # type: ignore[no-untyped-call]
        return _config_effect(config.to_dict())

    def _generate(self, kwargs: dict[str, Any]) -> Any:
        input_ids = torch.tensor(PROMPT_IDS)
        call: dict[str, Any] = {"pad_token_id": PAD_TOKEN_ID}
        if "max_new_tokens" not in kwargs and "max_length" not in kwargs:
            call["max_new_tokens"] = MAX_NEW_TOKENS
        if not OUTPUT_KEYWORDS & kwargs.keys():
            call.update(return_dict_in_generate=True, output_scores=True)
        call.update(kwargs)
        if call.get("cache_implementation") == "paged":
            call.setdefault("continuous_batching_config", small_paged_cache())
        forget_static_cache_length(self._model)
        # no_grad, not inference_mode: continuous batching (a paged cache) updates tensors made
        # here from its own thread, where an inference tensor cannot be updated in place
        with (
            restored_configs(self._model),
            single_thread(),
            torch.random.fork_rng(devices=[]),
            torch.no_grad(),
        ):
            torch.manual_seed(SEED)
            output = self._model.generate(
                input_ids=input_ids, attention_mask=torch.ones_like(input_ids), **call
            )
        return generation_effect(output)


def small_paged_cache() -> Any:
    """A paged cache sized for the tiny model: left to itself, continuous batching sizes its
    cache to 80-90 % of the free memory (on CPU, the machine's RAM: 14 GB for one replay)."""
    return ContinuousBatchingConfig(num_blocks=PAGED_BLOCKS, max_batch_tokens=PAGED_BATCH_TOKENS)


def forget_static_cache_length(model: Any) -> None:
    """Each replay as if it were the model's first: generate sizes a static cache at least as
    long as the longest one this model ever had (``_previous_max_cache_length``, to spare a
    recompilation), so one replay with ``max_cache_len=1000`` would change every later one."""
    if hasattr(model, "_previous_max_cache_length"):
        del model._previous_max_cache_length


@contextmanager
def restored_configs(model: Any) -> Iterator[None]:
    """The model's config and generation config as they were, whatever the replay did to them:
    an early-exit replay that raises leaves ``config.num_hidden_layers`` at the early-exit value
    (transformers 5.23 restores it without ``finally``), which broke every later replay. Restored
    in place: the model's modules hold the same config objects."""
    configs = (model.config, model.generation_config)
    saved = [copy.deepcopy(vars(config)) for config in configs]
    try:
        yield
    finally:
        for config, attributes in zip(configs, saved, strict=True):
            vars(config).clear()
            vars(config).update(attributes)


def make_replayer() -> TransformersReplayer:
    """The factory the engine spec names (``llem_transformers.mining.replay:make_replayer``)."""
    return TransformersReplayer()
