"""Shared NVML plumbing: load the library, describe its errors, hold a session.

The NVML module is injectable everywhere (``nvml=`` arguments) so tests pass a fake with the same
call surface as ``pynvml`` (nvidia-ml-py). ``pynvml`` itself is imported only inside functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

NvmlModule = Any  # the pynvml module, or a fake exposing the same functions and error classes

_ERROR_EXPLANATIONS = {
    "NVMLError_LibraryNotFound": "NVML library (libnvidia-ml.so.1) not found: no NVIDIA driver",
    "NVMLError_DriverNotLoaded": "NVIDIA driver not loaded (no GPU, or no kernel module)",
    "NVMLError_NoPermission": "no permission to query NVML",
    "NVMLError_NotSupported": "not supported by this GPU or driver",
    "NVMLError_FunctionNotFound": "function missing from this driver's NVML (driver too old?)",
}


class NvmlUnavailableError(Exception):
    """NVML cannot be used here; the message says why in words a user can act on."""


def load_nvml(nvml: NvmlModule | None) -> NvmlModule:
    """Return the injected module, else import ``pynvml``."""
    if nvml is not None:
        return nvml
    try:
        import pynvml
    except ImportError as error:
        raise NvmlUnavailableError(f"pynvml (nvidia-ml-py) is not installed: {error}") from error
    return pynvml


def is_error(nvml: NvmlModule, error: BaseException, class_name: str) -> bool:
    """Whether ``error`` is the NVML error class ``class_name`` (``NVMLError_NotSupported``...)."""
    error_class = getattr(nvml, class_name, None)
    return isinstance(error_class, type) and isinstance(error, error_class)


def is_unsupported(nvml: NvmlModule, error: BaseException) -> bool:
    """Whether ``error`` says the GPU or driver lacks the queried function: asking again will not
    help (as opposed to a GPU that fell off the bus or a transient failure)."""
    return is_error(nvml, error, "NVMLError_NotSupported") or is_error(
        nvml, error, "NVMLError_FunctionNotFound"
    )


def describe_error(nvml: NvmlModule, error: BaseException) -> str:
    """A user-facing explanation of an NVML error."""
    for class_name, explanation in _ERROR_EXPLANATIONS.items():
        if is_error(nvml, error, class_name):
            return f"{explanation} ({error})"
    return f"NVML error: {error}"


def open_session(nvml: NvmlModule | None) -> NvmlModule:
    """``nvmlInit``; raises :class:`NvmlUnavailableError` if NVML cannot start. The caller owes
    one ``nvmlShutdown``."""
    module = load_nvml(nvml)
    try:
        module.nvmlInit()
    except module.NVMLError as error:
        raise NvmlUnavailableError(f"NVML unavailable: {describe_error(module, error)}") from error
    return module


@contextmanager
def nvml_session(nvml: NvmlModule | None) -> Iterator[NvmlModule]:
    """``nvmlInit`` … ``nvmlShutdown``; raises :class:`NvmlUnavailableError` if init fails."""
    module = open_session(nvml)
    try:
        yield module
    finally:
        module.nvmlShutdown()


def as_text(value: str | bytes) -> str:
    """NVML string results are ``str`` in nvidia-ml-py ≥ 11 but ``bytes`` in older bindings."""
    return value.decode() if isinstance(value, bytes) else value
