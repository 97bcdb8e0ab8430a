"""Fixtures of the static miner's tests: the synthetic library on ``sys.path``, and the line of a
``# L:<name>`` marker in one of its files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
LIBRARY = HERE / "static_synthlib"


@pytest.fixture
def synthlib(monkeypatch: pytest.MonkeyPatch) -> Path:
    """``static_synthlib`` importable; returns its folder."""
    monkeypatch.syspath_prepend(str(HERE))
    return LIBRARY


@pytest.fixture
def line() -> Callable[[str, str], int]:
    """``line("config.py", "weight")``: the line carrying ``# L:weight`` in that library file."""

    def find(file: str, name: str) -> int:
        lines = (LIBRARY / file).read_text().splitlines()
        found = [n for n, text in enumerate(lines, 1) if re.search(rf"# L:{name}$", text)]
        assert len(found) == 1, f"marker L:{name} in {file}: {found}"
        return found[0]

    return find
