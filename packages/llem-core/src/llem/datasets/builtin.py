"""``llem-prompts``: llem's own prompt set (Apache-2.0, written for the project).

A mix of short questions, instructions, summarisation, code, maths and reasoning, creative
writing and long multi-paragraph prompts. Shipped as package data; see ``data/README.md``.
"""

from __future__ import annotations

from importlib import resources

from llem.datasets.jsonl import parse_jsonl_prompts

NAME = "llem-prompts"
RESOURCE = "data/llem-prompts.jsonl"


def load() -> list[str]:
    text = resources.files("llem.datasets").joinpath(RESOURCE).read_text(encoding="utf-8")
    return parse_jsonl_prompts(text.splitlines(), source=f"llem.datasets/{RESOURCE}")
