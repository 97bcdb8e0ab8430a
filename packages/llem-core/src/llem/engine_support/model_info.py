"""Parameter counts from the shapes in a checkpoint's safetensors headers, for engines whose loaded
model this process cannot count (repacked, or held by worker processes)."""

from __future__ import annotations

import json
import struct
from math import prod
from pathlib import Path
from typing import Any

HEADER_LENGTH = struct.Struct("<Q")


def safetensors_parameters(folder: Path) -> int | None:
    """Elements of every tensor in the folder's ``*.safetensors`` files (read from their headers,
    not the weights), or ``None`` when there are none."""
    files = sorted(folder.glob("*.safetensors"))
    if not files:
        return None
    return sum(_file_parameters(path) for path in files)


def _file_parameters(path: Path) -> int:
    with path.open("rb") as stream:
        (length,) = HEADER_LENGTH.unpack(stream.read(HEADER_LENGTH.size))
        header: dict[str, Any] = json.loads(stream.read(length))
    header.pop("__metadata__", None)
    return sum(prod(tensor["shape"]) for tensor in header.values())
