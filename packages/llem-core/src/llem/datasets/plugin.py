"""Registers llem's built-in dataset through the same hook as any plugin's."""

from __future__ import annotations

from llem import hookimpl
from llem.records import DatasetSpec

BUILTIN_SIZE = 320  # kept equal to the shipped file by a test


@hookimpl
def llem_register_datasets() -> list[DatasetSpec]:
    return [
        DatasetSpec(
            name="llem-prompts",
            loader="llem.datasets.builtin:load",
            description=(
                "llem's own English prompts (Apache-2.0): questions, instructions, summaries, "
                "code, maths/reasoning, creative writing and long multi-paragraph prompts"
            ),
            size=BUILTIN_SIZE,
        )
    ]
