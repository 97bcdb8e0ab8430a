# mypy: ignore-errors
# ruff: noqa
"""A configuration class whose ``validate`` has representative checks (read by the static miner)."""

from __future__ import annotations

import logging
import warnings
from typing import Any

logger = logging.getLogger(__name__)

BASE_CACHES = ("static", "dynamic")
ALLOWED_MODES = frozenset({"fast", "exact"})


class SampleError(Exception):
    """A library error that is not a ``ValueError`` (named in the target's ``error_types``)."""


class Interrupt(Exception):
    """An exception the target does not count as an error."""


def helper(value: Any) -> bool:
    return bool(value)


def build_message(config: Any) -> str:
    return str(config)


class Config:
    def __init__(self, **kwargs: Any) -> None:
        for key, value in kwargs.items():
            setattr(self, key, value)

    def validate(self, strict: bool = False) -> None:
        if self.early_stopping not in {None, True, False, "never"}:
            raise ValueError(  # L:early_stopping
                f"`early_stopping` must be a boolean or 'never', but is {self.early_stopping}."
            )
        if self.max_new_tokens is not None and self.max_new_tokens <= 0:
            raise ValueError(  # L:max_new_tokens
                f"`max_new_tokens` must be greater than 0, but is {self.max_new_tokens}."
            )
        if self.weight is not None and not (0.0 < self.weight < 1.0):
            raise ValueError(f"`weight` must be in (0, 1), but is {self.weight}.")  # L:weight
        valid_caches = BASE_CACHES + ("paged",)
        if self.cache is not None and self.cache not in valid_caches:
            raise ValueError(  # L:cache
                f"Invalid `cache` ({self.cache}). Choose one of: {valid_caches}"
            )
        if self.mode in ALLOWED_MODES and self.threads is None:
            raise SampleError("a mode needs `threads`")  # L:mode
        if self.num_return_sequences > self.num_beams:
            logger.warning(  # L:nrs_beams
                f"`num_return_sequences` ({self.num_return_sequences}) exceeds `num_beams`"
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, (int, float)):
            warnings.warn("`seed` should be a number, got %s" % self.seed, UserWarning)  # L:seed
        if self.top_k == 0:
            self.top_k = None  # L:top_k_normalise
        if self.dtype == "auto":
            self.dtype = build_message(self)  # L:dtype_normalise
        if self.load_a and self.load_b:
            raise ValueError("load_a and load_b are both set, only one can be used")  # L:load_both
        if self.words is not None and len(self.words) == 0:
            raise ValueError("`words` must not be empty")  # L:words
        assert self.width is None or self.width >= 0, "`width` must not be negative"  # L:width
        if self.compiled is not None and not isinstance(self.compiled, Config):
            raise TypeError("`compiled` must be a Config")  # L:class_type
        self._untranslatable(strict)

    def _untranslatable(self, strict: bool) -> None:
        if helper(self.mode):
            raise RuntimeError("the mode helper refused")  # L:helper_call
        if self.sub.depth > 1:
            raise ValueError("`sub.depth` must be at most 1")  # L:attribute_chain
        if self.k < 0 or helper(self.k):
            raise ValueError(f"`k` must not be negative, but is {self.k}")  # L:k_or_helper
        if self.level > 1:
            if self.level > self.limit:
                raise ValueError("`level` must not exceed `limit`")  # L:conflict
            raise Interrupt("level")  # L:not_an_error
        if self.ratio is not None:
            raise ValueError(build_message(self))  # L:non_literal_message
        for flag in self.flags:
            if getattr(self, flag) is True:
                raise ValueError(f"`{flag}` is not allowed")  # L:loop
        try:
            import json  # noqa: F401
        except ImportError:
            raise ValueError("needs json")  # L:handler
        raise ValueError("always")  # L:unconditional
