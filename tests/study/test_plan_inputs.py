"""A study plan checks each configuration's model and dataset as `llem run` would, and each
distinct model and dataset once, however many configurations share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llem.preflight import inputs

from .conftest import Plan

STUDY = """
task: {n_prompts: 2}
sweep:
  task.model: [org/first, org/second]
  task.dataset: [a.jsonl, b.jsonl]
  transformers.batch_size: [1, 2, 4]
"""


def test_each_distinct_model_and_dataset_is_checked_once(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"prompt": "x"}\n{"prompt": "y"}\n')
    calls: dict[str, list[object]] = {"model": [], "dataset": []}

    def counting(kind: str, real: Any) -> Any:
        def wrapper(first: object, *args: object) -> Any:
            calls[kind].append(first)
            return real(first, *args)

        return wrapper

    monkeypatch.setattr(inputs, "resolve_model", counting("model", inputs.resolve_model))
    monkeypatch.setattr(inputs, "dataset_texts", counting("dataset", inputs.dataset_texts))
    planned = plan(STUDY)
    assert len(planned.configs) == 12
    assert sorted(calls["model"]) == ["org/first", "org/second"]
    assert sorted(calls["dataset"]) == ["a.jsonl", "b.jsonl"]


def test_a_dataset_too_small_for_n_prompts_skips_its_configurations(
    plan: Plan, tmp_path: Path
) -> None:
    (tmp_path / "a.jsonl").write_text('{"prompt": "x"}\n{"prompt": "y"}\n')
    (tmp_path / "b.jsonl").write_text('{"prompt": "x"}\n')
    planned = plan(STUDY)
    assert len(planned.configs) == 6
    reasons = {reason for item in planned.skipped for reason in item.reasons}
    assert reasons == {
        f"{tmp_path / 'study.yaml'}:1:8: task.n_prompts: 2 prompts asked for, but dataset"
        " 'b.jsonl' holds only 1"
    }
