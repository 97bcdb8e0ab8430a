"""Write llem's built-in dataset ``llem-prompts`` from the hand-written pieces in
scripts/builtin_prompts/.

Usage: python scripts/make_builtin_prompts.py [--check]

Categories are interleaved evenly (not grouped), so the first N prompts of the file — what an
experiment with ``order: file`` runs — are a representative mix for any N. ``--check`` fails
if the committed file differs from what this script would write.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "builtin_prompts"))

from coding import CODE
from context import CONTEXT
from creative import CREATIVE
from documents import DOCUMENTS
from passages import PASSAGES, TASKS
from reasoning import REASONING
from short import INSTRUCTIONS, QUESTIONS

OUTPUT = Path(__file__).parents[1] / "packages/llem-core/src/llem/datasets/data/llem-prompts.jsonl"
VERSION = "1"


def summarisation_prompts() -> list[str]:
    """Each passage with two different tasks."""
    return [
        f"{TASKS[(2 * index + offset) % len(TASKS)]}\n\n{passage}"
        for index, passage in enumerate(PASSAGES)
        for offset in (0, 1)
    ]


def long_context_prompts() -> list[str]:
    """Each document with its three tasks; a task with a paragraph range gets only that excerpt."""
    prompts = []
    for document, tasks in DOCUMENTS:
        paragraphs = document.split("\n\n")
        for task in tasks:
            text, (start, stop) = (task, (0, len(paragraphs))) if isinstance(task, str) else task
            prompts.append("\n\n".join([*paragraphs[start:stop], text]))
    return prompts


def categories() -> dict[str, list[str]]:
    return {
        "question": QUESTIONS,
        "instruction": INSTRUCTIONS,
        "code": CODE,
        "reasoning": REASONING,
        "creative": CREATIVE,
        "with-context": CONTEXT,
        "summarisation": summarisation_prompts(),
        "long-context": long_context_prompts(),
    }


def interleaved(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(category, prompt) ordered so each category is spread evenly through the file."""
    keyed = [
        ((position + 0.5) / len(prompts), rank, category, prompt)
        for rank, (category, prompts) in enumerate(groups.items())
        for position, prompt in enumerate(prompts)
    ]
    return [(category, prompt) for _, _, category, prompt in sorted(keyed)]


def render() -> str:
    groups = categories()
    metadata = {
        "_description": "llem-prompts: llem's own English prompts for measuring LLM inference "
        "(questions, instructions, code, maths/reasoning, creative writing, tasks with a short "
        "context, summarisation, long multi-paragraph documents). Written for the llem project; "
        "all names and figures invented.",
        "_license": "Apache-2.0",
        "_version": VERSION,
        "_generator": "scripts/make_builtin_prompts.py",
        "_categories": {category: len(prompts) for category, prompts in groups.items()},
    }
    lines = [json.dumps(metadata, ensure_ascii=False)]
    for number, (category, prompt) in enumerate(interleaved(groups)):
        lines.append(
            json.dumps({"id": number, "category": category, "prompt": prompt}, ensure_ascii=False)
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python scripts/make_builtin_prompts.py")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines()) - 1} prompts to {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
