"""How requests are grouped and decoded: ``generate`` arguments from the config (pure logic)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from llem_transformers.config import SamplingConfig

ItemT = TypeVar("ItemT")
NumberT = TypeVar("NumberT", int, float)


def batches(items: Sequence[ItemT], size: int) -> Iterator[Sequence[ItemT]]:
    """Consecutive slices of ``size`` items (the last one may be shorter), in order."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sampling_kwargs(sampling: SamplingConfig) -> dict[str, Any]:
    """``generate`` arguments for the decoding strategy, with neutral values for unset knobs.

    Neutral values are passed explicitly so that neither transformers' defaults (``top_k=50``) nor
    the model's ``generation_config.json`` change decoding behind the config's back. Greedy
    decoding passes no sampling-only flags (transformers warns about those) but does pass the
    repetition penalty, which changes greedy output too.
    """
    kwargs: dict[str, Any] = {
        "do_sample": sampling.do_sample,
        "repetition_penalty": _or_neutral(sampling.repetition_penalty, 1.0),
    }
    if sampling.do_sample:
        kwargs["temperature"] = sampling.temperature
        kwargs["top_k"] = _or_neutral(sampling.top_k, 0)
        kwargs["top_p"] = _or_neutral(sampling.top_p, 1.0)
        if sampling.min_p is not None:
            kwargs["min_p"] = sampling.min_p
    return kwargs


def _or_neutral(value: NumberT | None, neutral: NumberT) -> NumberT:
    """``value`` unless unset: ``top_p: 0`` must reach the library as 0, not as "unset"."""
    return neutral if value is None else value
