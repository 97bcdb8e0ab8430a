"""A real replayer for the synthetic library: it builds the classes and reports what they did."""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from llem_miners.replay import Observation


def _load_synthlib() -> ModuleType:
    path = Path(__file__).with_name("synthlib.py")
    spec = importlib.util.spec_from_file_location("llem_dynamic_synthlib", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SYNTHLIB = _load_synthlib()


class SynthReplayer:
    """Implements :class:`llem_miners.replay.Replayer` by constructing the synthetic classes."""

    library_version = "0.1"

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        cls = getattr(SYNTHLIB, native_type)
        self.calls.append((native_type, dict(kwargs)))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                instance = cls(**kwargs)
            except Exception as error:
                return Observation(raised=f"{type(error).__name__}: {error}")
        texts = tuple(str(warning.message) for warning in caught)
        return Observation(warnings=texts, effect=instance.to_dict())


@pytest.fixture
def replayer() -> SynthReplayer:
    return SynthReplayer()
