"""Test support for the lifts: the synthetic classes (``lift_samples``) importable for this
folder's tests only, and helpers to lift them, find their source lines and build them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from llem.records import MineTarget
from llem_miners.candidate import MineResult
from llem_miners.lifts import lift_models

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "lift_samples"


@pytest.fixture(autouse=True)
def lift_samples_importable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Put this folder on ``sys.path`` while a test runs."""
    monkeypatch.syspath_prepend(str(HERE))
    yield


@pytest.fixture
def lift() -> Callable[..., MineResult]:
    """``lift("module:Class", parameters=...)``: the lifts' result for one synthetic class."""

    def run(model: str, **target: Any) -> MineResult:
        return lift_models(MineTarget(native_type="T", models=(f"lift_samples.{model}",), **target))

    return run


@pytest.fixture
def line_of() -> Callable[[str, str], int]:
    """``line_of("pydantic_models", "size: int")``: the 1-based line holding that text."""

    def find(module: str, text: str) -> int:
        lines = (SAMPLES / f"{module}.py").read_text().splitlines()
        matches = [number for number, line in enumerate(lines, 1) if text in line]
        assert len(matches) == 1, f"{text!r} is not on exactly one line of {module}"
        return matches[0]

    return find


@pytest.fixture
def build() -> Callable[[str, Mapping[str, Any]], Exception | None]:
    """``build("module:Class", kwargs)``: what building the class raises (``None``: nothing)."""

    def construct(model: str, kwargs: Mapping[str, Any]) -> Exception | None:
        module, _, name = model.partition(":")
        cls = getattr(importlib.import_module(f"lift_samples.{module}"), name)
        try:
            cls(**kwargs)
        except Exception as error:  # the point: whatever the library raises
            return error
        return None

    return construct
