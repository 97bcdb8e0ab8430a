"""Where an installed distribution came from: a local project or wheel (its ``direct_url.json``,
PEP 610) or a package index.

A local project (an editable development install, or ``pip install ./folder``) is built into a
wheel for the image; a distribution from an index is downloaded pinned to the installed version.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import attrs


@attrs.frozen
class DistSource:
    """``path``: the local project folder, archive or wheel it was installed from; ``None``:
    from a package index (download ``name==version``)."""

    name: str
    version: str
    path: Path | None = None

    @property
    def pinned(self) -> str:
        return f"{self.name}=={self.version}"

    @property
    def is_wheel(self) -> bool:
        return self.path is not None and self.path.suffix == ".whl"


def dist_source(name: str) -> DistSource:
    """Where the installed distribution ``name`` came from."""
    dist = importlib.metadata.distribution(name)
    return DistSource(
        dist.metadata["Name"], dist.version, local_path(dist.read_text("direct_url.json"))
    )


def local_path(direct_url: str | None) -> Path | None:
    """The local path a ``direct_url.json`` names, when it names one that still exists."""
    if not direct_url:
        return None
    parts = urlsplit(json.loads(direct_url).get("url", ""))
    if parts.scheme != "file":
        return None
    path = Path(unquote(parts.path))
    return path if path.exists() else None
