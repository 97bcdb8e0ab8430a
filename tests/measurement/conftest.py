"""Fixtures for the measurement tests: the fake NVML of :mod:`llem.testing.fake_nvml`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from llem.testing.fake_nvml import (
    FakeClock,
    FakeGpu,
    FakeNvml,
    FakeProcess,
    NVMLError,
    NVMLError_FunctionNotFound,
    NVMLError_GpuIsLost,
    NVMLError_LibraryNotFound,
    NVMLError_NotSupported,
)

__all__ = ["H100", "FakeClock", "FakeGpu", "FakeNvml", "FakeProcess"]

H100 = "NVIDIA H100 80GB HBM3"


@pytest.fixture
def two_h100s() -> list[FakeGpu]:
    return [
        FakeGpu(H100, "GPU-aaaa1111-0000-0000-0000-000000000000", energy_mj=1_000),
        FakeGpu(H100, "GPU-bbbb2222-0000-0000-0000-000000000000", energy_mj=2_000),
    ]


@pytest.fixture
def make_nvml() -> Callable[..., FakeNvml]:
    return FakeNvml


@pytest.fixture
def fake_error() -> Callable[[str], Any]:
    """Build one of the fake NVML errors by class name."""
    errors = (NVMLError, NVMLError_NotSupported, NVMLError_LibraryNotFound, NVMLError_GpuIsLost)
    classes = {cls.__name__: cls for cls in (*errors, NVMLError_FunctionNotFound)}
    return lambda name: classes[name]()


@pytest.fixture
def make_gpu() -> Callable[..., FakeGpu]:
    return FakeGpu
