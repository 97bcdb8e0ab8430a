# mypy: ignore-errors
# ruff: noqa
"""Sampling parameters read by the static miner off the source tree: never imported (the import
below names a library that does not exist), so only the module's literal constants are known."""

import warnings

import not_installed_accelerator_library as accel

MAX_TOP_K = 64
LOW, HIGH = 0, 1
MODES = ("greedy", "sample")
ALL_MODES = MODES + ("beam",)
BOUNDS = (MAX_TOP_K, 128)
KINDS = frozenset({"fast", "exact"})
DEVICE = accel.default_device()
SHADOWED = 3
SHADOWED = accel.SHADOWED


class SamplingParams:
    def _validate(self):
        if self.top_k is not None and self.top_k > MAX_TOP_K:
            raise ValueError(f"top_k must be at most {MAX_TOP_K}, got {self.top_k}")  # L:top_k
        if self.mode not in ALL_MODES:
            raise ValueError(f"unknown mode {self.mode}")  # L:mode
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind}")  # L:kind
        if self.temperature == 0 and self.top_p is not None:
            warnings.warn("top_p is ignored when decoding greedily")  # L:top_p
        if self.seed is not None and self.seed > SHADOWED:
            raise ValueError("seed too large")  # L:seed
        if self.device != DEVICE:
            raise ValueError("wrong device")  # L:device

    @property
    def greedy(self):
        return self.temperature == 0

    @greedy.setter
    def greedy(self, value):
        if value and self.top_k is not None:
            raise ValueError("greedy decoding takes no top_k")  # L:greedy_setter

    class Beam:
        def check(self):
            if self.width < 1:
                raise ValueError(f"width must be at least 1, got {self.width}")  # L:width


def check_n(value):
    if value < 1:
        raise ValueError(f"n must be at least 1, got {value}")  # L:n
