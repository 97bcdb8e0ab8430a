from __future__ import annotations

import json
import struct
from pathlib import Path
from types import SimpleNamespace

from llem_vllm.model_info import read_model_info, safetensors_parameters


def write_safetensors_header(path: Path, shapes: dict[str, list[int]]) -> None:
    """A safetensors file's header (tensor shapes); the data is never read."""
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    for name, shape in shapes.items():
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [0, 0]}
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded)


def text_config(*, tied: bool) -> SimpleNamespace:
    values = SimpleNamespace(
        vocab_size=10, hidden_size=4, num_hidden_layers=2, num_attention_heads=2,
        tie_word_embeddings=tied, head_dim=None,
    )  # fmt: skip
    values.get_text_config = lambda: values
    return values


def test_parameters_are_counted_from_every_shard_header(tmp_path: Path) -> None:
    write_safetensors_header(tmp_path / "a.safetensors", {"embed": [10, 4], "norm": [4]})
    write_safetensors_header(tmp_path / "b.safetensors", {"w": [4, 4, 2]})
    assert safetensors_parameters(tmp_path) == 40 + 4 + 32


def test_a_folder_without_safetensors_has_no_count(tmp_path: Path) -> None:
    assert safetensors_parameters(tmp_path) is None


def test_untied_lm_head_counts_as_embedding() -> None:
    tied = read_model_info(text_config(tied=True), 100, name="m", dtype="bfloat16", device="cpu")
    untied = read_model_info(text_config(tied=False), 140, name="m", dtype="float16", device="cpu")
    assert (tied.non_embedding_params, untied.non_embedding_params) == (60, 60)
    assert (tied.head_dim, tied.n_layers) == (2, 2)
