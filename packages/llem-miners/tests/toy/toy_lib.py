"""A small library for the miners' end-to-end tests: a parameter class that checks itself the way
engine libraries do (raises, warnings, silent resets), and nothing else."""

from __future__ import annotations

import warnings

MODES = ("greedy", "beam")


class Params:
    """What a toy engine takes: ``temperature``, ``top_k``, ``mode``, ``beams``, ``penalty``."""

    def __init__(
        self,
        temperature: float = 1.0,
        top_k: int | None = None,
        mode: str = "greedy",
        beams: int = 1,
        penalty: float = 1.0,
    ) -> None:
        self.temperature = temperature
        self.top_k = top_k
        self.mode = mode
        self.beams = beams
        self.penalty = penalty
        self.validate()

    def validate(self) -> None:
        if self.temperature <= 0:
            raise ValueError(f"`temperature` must be strictly positive, got {self.temperature}")
        if self.top_k is not None and self.top_k < 0:
            raise ValueError(f"`top_k` must be non-negative, got {self.top_k}")
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        if self.penalty > 2:
            warnings.warn(f"a penalty of {self.penalty} rarely helps", UserWarning, stacklevel=2)
        if self.mode == "greedy" and self.beams != 1:
            self.beams = 1
