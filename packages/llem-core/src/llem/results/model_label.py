"""How a result names its model for people: where the weights are, a model from a Python package
by its ``package:`` name rather than the site-packages folder it resolved to."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def model_label(result: dict[str, Any]) -> str:
    """``package:<distribution>[/<gguf file>]``, the hub id or local path, else the loaded
    model's name; ``?`` when the result records none."""
    model = result.get("model") or {}
    location = model.get("location")
    if model.get("source") == "package" and location:
        inside = f"/{model['gguf_file']}" if model.get("gguf_file") else ""
        return f"package:{Path(location).name}{inside}"
    return str(location or (result.get("model_info") or {}).get("name") or "?")
