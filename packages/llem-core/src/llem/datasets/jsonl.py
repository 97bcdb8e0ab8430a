"""Prompts from a JSONL file: one JSON object per line with a ``prompt`` (or ``text``) field.

Blank lines are skipped, and so are metadata lines: objects whose keys all start with ``_``
(e.g. ``{"_description": ..., "_license": ...}``). Any other malformed line is an error naming the
file and line, because silently dropping a prompt would change the workload.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from llem.errors import UsageError

PROMPT_FIELDS = ("prompt", "text")


def load_jsonl_prompts(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read dataset {path}: {error}") from error
    return parse_jsonl_prompts(text.splitlines(), source=str(path))


def parse_jsonl_prompts(lines: Iterable[str], *, source: str) -> list[str]:
    """The prompts in ``lines``; errors name ``source:line`` (1-based) of the first bad line."""
    prompts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        prompt = _prompt_of(_parse_line(line, source, number), source, number)
        if prompt is not None:
            prompts.append(prompt)
    return prompts


def _parse_line(line: str, source: str, number: int) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        raise UsageError(f"{source}:{number}: not valid JSON ({error.msg})") from error


def _prompt_of(record: Any, source: str, number: int) -> str | None:
    """The prompt text, or ``None`` for a metadata line."""
    where = f"{source}:{number}"
    if not isinstance(record, dict):
        raise UsageError(f"{where}: expected a JSON object, got {type(record).__name__}")
    if record and all(str(key).startswith("_") for key in record):
        return None
    field = next((name for name in PROMPT_FIELDS if name in record), None)
    if field is None:
        raise UsageError(
            f"{where}: no 'prompt' or 'text' field (keys: {', '.join(record) or 'none'})"
        )
    prompt = record[field]
    if not isinstance(prompt, str) or not prompt.strip():
        raise UsageError(f"{where}: '{field}' must be a non-empty string")
    return prompt
