"""JSONL loading, the built-in llem-prompts dataset, and prompt selection."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from llem.datasets import builtin, plugin
from llem.datasets.jsonl import load_jsonl_prompts
from llem.datasets.select import load_prompts
from llem.errors import UsageError
from llem.plugins.registry import Registered, Registry

REPO = Path(__file__).parents[2]


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_loader_reads_prompt_and_text_skipping_metadata_and_blanks(tmp_path):
    path = write_jsonl(
        tmp_path / "set.jsonl",
        '{"_description": "meta", "_license": "MIT"}',
        '{"prompt": "first"}',
        "",
        '{"text": "second", "source": "x"}',
        "   ",
    )
    assert load_jsonl_prompts(path) == ["first", "second"]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"prompt": "ok"', "not valid JSON"),
        ('["a list"]', "expected a JSON object, got list"),
        ('{"question": "where?"}', "no 'prompt' or 'text' field (keys: question)"),
        ("{}", "no 'prompt' or 'text' field (keys: none)"),
        ('{"prompt": "  "}', "'prompt' must be a non-empty string"),
        ('{"prompt": 42}', "'prompt' must be a non-empty string"),
    ],
)
def test_bad_line_names_file_and_line(tmp_path, bad_line, message):
    path = write_jsonl(tmp_path / "bad.jsonl", '{"_v": 1}', '{"prompt": "fine"}', "", bad_line)
    with pytest.raises(UsageError) as raised:
        load_jsonl_prompts(path)
    assert f"{path}:4: " in str(raised.value)
    assert message in str(raised.value)


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="cannot read dataset"):
        load_jsonl_prompts(tmp_path / "nope.jsonl")


def builtin_records() -> list[dict]:
    text = resources.files("llem.datasets").joinpath(builtin.RESOURCE).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_builtin_dataset_size_and_metadata():
    metadata, *records = builtin_records()
    prompts = builtin.load()
    assert len(prompts) == len(records) == plugin.BUILTIN_SIZE >= 300
    assert metadata["_license"] == "Apache-2.0"
    assert {"_description", "_version"} <= set(metadata)
    assert len(set(prompts)) == len(prompts), "duplicate prompts"
    assert plugin.llem_register_datasets()[0].size == len(prompts)


def test_builtin_dataset_is_varied_and_mixed_from_the_start():
    _, *records = builtin_records()
    lengths = sorted(len(record["prompt"]) for record in records)
    assert lengths[0] < 40 and lengths[-1] > 2000
    assert sum(length > 1500 for length in lengths) >= 20  # long-context prompts
    assert sum(length < 100 for length in lengths) >= 150  # short prompts dominate, as in chat
    categories = {record["category"] for record in records}
    assert len(categories) >= 7
    assert {record["category"] for record in records[:30]} == categories


def test_builtin_file_matches_its_generator():
    script = REPO / "scripts" / "make_builtin_prompts.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def registry() -> Registry:
    return Registry(datasets={spec.name: Registered(spec, plugin="llem.datasets.plugin")
                              for spec in plugin.llem_register_datasets()})  # fmt: skip


def test_load_registered_dataset_in_file_order(registry):
    prompts = load_prompts("llem-prompts", registry, n=5, order="file", seed=0)
    assert [prompt.index for prompt in prompts] == [0, 1, 2, 3, 4]
    assert [prompt.text for prompt in prompts] == builtin.load()[:5]


def test_shuffle_is_seeded_and_smaller_n_is_a_prefix(registry):
    first = load_prompts("llem-prompts", registry, n=20, order="shuffle", seed=42)
    again = load_prompts("llem-prompts", registry, n=20, order="shuffle", seed=42)
    fewer = load_prompts("llem-prompts", registry, n=8, order="shuffle", seed=42)
    other = load_prompts("llem-prompts", registry, n=20, order="shuffle", seed=43)
    assert first == again
    assert fewer == first[:8]
    assert first != other
    assert [prompt.index for prompt in first] != list(range(20))
    texts = builtin.load()
    assert all(texts[prompt.index] == prompt.text for prompt in first)


def test_path_relative_to_base_dir(tmp_path, registry):
    write_jsonl(tmp_path / "mine.jsonl", '{"prompt": "a"}', '{"prompt": "b"}')
    prompts = load_prompts("mine.jsonl", registry, n=2, order="file", seed=0, base_dir=tmp_path)
    assert [prompt.text for prompt in prompts] == ["a", "b"]


def test_too_few_prompts(tmp_path, registry):
    path = write_jsonl(tmp_path / "two.jsonl", '{"prompt": "a"}', '{"prompt": "b"}')
    with pytest.raises(UsageError, match="has only 2 prompts, n_prompts=3"):
        load_prompts(str(path), registry, n=3, order="file", seed=0)


def test_unknown_dataset_suggests_a_registered_name(registry, tmp_path):
    with pytest.raises(UsageError, match="did you mean 'llem-prompts'"):
        load_prompts("llem-prompt", registry, n=1, order="file", seed=0, base_dir=tmp_path)


def test_unknown_order_is_refused(registry):
    with pytest.raises(UsageError, match="unknown dataset order 'random'"):
        load_prompts("llem-prompts", registry, n=1, order="random", seed=0)
