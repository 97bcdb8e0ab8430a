"""Where the model runs and in what precision: pure decisions, testable without torch."""

from __future__ import annotations

from llem.errors import RuntimeMissingError


def resolve_device(requested: str, cuda_available: bool) -> str:
    """``auto`` picks ``cuda`` when torch sees a GPU, else ``cpu``; ``cuda`` without one fails."""
    if requested == "auto":
        return "cuda" if cuda_available else "cpu"
    if requested == "cuda" and not cuda_available:
        raise RuntimeMissingError(
            "transformers.device is 'cuda' but torch sees no CUDA device "
            "(check the GPU driver, CUDA_VISIBLE_DEVICES, and that torch is a CUDA build)"
        )
    return requested


def resolve_dtype(requested: str, device: str, bf16_supported: bool) -> str:
    """``auto`` is float32 on CPU, bfloat16 on a GPU that supports it, float16 on other GPUs."""
    if requested != "auto":
        return requested
    if device == "cpu":
        return "float32"
    return "bfloat16" if bf16_supported else "float16"
