"""Fake installed distributions: a folder holding a module and a ``*.dist-info`` with an ``llem``
entry point, which importlib.metadata discovers exactly like a pip-installed one once the folder is
on the path (``sys.path`` in-process, ``PYTHONPATH`` for a subprocess)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

FakeDist = Callable[..., Path]


def write_fake_dist(
    root: Path, dist: str, entry_name: str, module: str, source: str, version: str = "1.0"
) -> Path:
    """Write distribution ``dist`` into the folder ``root``; return ``root``."""
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[llem]\n{entry_name} = {module}\n")
    (root / f"{module}.py").write_text(textwrap.dedent(source))
    return root


@pytest.fixture
def fake_site(tmp_path: Path) -> FakeDist:
    """``fake_site(dist, entry_name, module, source)``: a folder for a subprocess's PYTHONPATH."""

    def make(dist: str, entry_name: str, module: str, source: str, version: str = "1.0") -> Path:
        return write_fake_dist(tmp_path / dist, dist, entry_name, module, source, version)

    return make


@pytest.fixture
def fake_dist(fake_site: FakeDist, monkeypatch: pytest.MonkeyPatch) -> FakeDist:
    """Like ``fake_site``, and put on ``sys.path`` of this process."""

    def make(*args: str, **kwargs: str) -> Path:
        root = fake_site(*args, **kwargs)
        monkeypatch.syspath_prepend(str(root))
        return root

    return make
