"""Parameter counts from safetensors headers (llem.engine_support.model_info)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from llem.engine_support.model_info import safetensors_parameters


def write_safetensors_header(
    path: Path, shapes: dict[str, list[int]], *, metadata: bool = True
) -> None:
    """A safetensors file's header (tensor shapes); the data is never read."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}} if metadata else {}
    for name, shape in shapes.items():
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [0, 0]}
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded)


def test_parameters_are_counted_from_every_shard_header(tmp_path: Path) -> None:
    write_safetensors_header(tmp_path / "a.safetensors", {"embed": [10, 4], "norm": [4]})
    write_safetensors_header(tmp_path / "b.safetensors", {"w": [4, 4, 2]})
    assert safetensors_parameters(tmp_path) == 40 + 4 + 32


def test_a_header_without_metadata_counts_the_same(tmp_path: Path) -> None:
    write_safetensors_header(tmp_path / "a.safetensors", {"x": [3, 4], "y": [5]}, metadata=False)
    write_safetensors_header(tmp_path / "b.safetensors", {"z": [2, 2, 2]}, metadata=False)
    assert safetensors_parameters(tmp_path) == 12 + 5 + 8


def test_a_folder_without_safetensors_has_no_count(tmp_path: Path) -> None:
    assert safetensors_parameters(tmp_path) is None
