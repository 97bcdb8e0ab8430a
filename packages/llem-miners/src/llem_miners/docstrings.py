"""Read parameter documentation out of docstrings (pure text; imports no engine library).

Two layouts are understood, both as an indented block under a heading line:

* Hugging Face's ``Args:``, one entry per parameter with its type in parentheses::

      num_beams (`int`, *optional*, defaults to 1):
          Number of beams for beam search.

  The entries are hand-written and not always regular (``use_mtp: (`bool`):``,
  ``assistant_early_exit(`int`, ...)``, a stray backtick or parenthesis), so the header pattern
  is forgiving. Lines at the entries' indent that are not entries (``> Parameters that ...``)
  close the current entry.
* Google style ``Attributes:`` (llem's own attrs classes): ``name: description``.
"""

from __future__ import annotations

import inspect
import re

import attrs

from llem.rules.schema_types import normalise_type

HF_ENTRY = re.compile(r"(?P<name>[A-Za-z_]\w*)\s*:?\s*\((?P<spec>.*)\)\s*:\s*$")
GOOGLE_ENTRY = re.compile(r"(?P<name>[A-Za-z_]\w*):(?:\s+(?P<text>.*))?$")
SPEC_END = re.compile(r",?\s*(\*optional\*|defaults?\s+to\b)")
ALTERNATIVE = re.compile(r"\s+or\s+")


@attrs.frozen
class DocEntry:
    """A documented parameter: its type as the docstring spells it (normalised), if it gives one,
    and its description as one paragraph."""

    type: str | None
    description: str


def doc_entries(doc: str | None, heading: str) -> dict[str, DocEntry]:
    """The entries of the block under ``heading:`` (``"Args"``, ``"Attributes"``), by name."""
    lines = inspect.cleandoc(doc or "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == f"{heading}:"), None)
    if start is None:
        return {}
    raw = _raw_entries(lines[start + 1 :], _indent(lines[start]))
    return {name: _entry(header, body) for name, (header, body) in raw.items()}


def summary(doc: str | None) -> str:
    """The docstring's text before its first heading (``Attributes:``), as one paragraph."""
    text = inspect.cleandoc(doc or "")
    before = re.split(r"^\s*[A-Z]\w*:\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    return paragraph(before.splitlines())


def paragraph(lines: list[str]) -> str:
    """Lines joined into one paragraph, runs of whitespace collapsed."""
    return " ".join(" ".join(lines).split())


def _raw_entries(block: list[str], heading_indent: int) -> dict[str, tuple[str, list[str]]]:
    """Each entry's header line and the lines of its body, until the block ends."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current: list[str] | None = None
    indent: int | None = None
    for line in block:
        if line.strip() and _indent(line) <= heading_indent:
            break
        indent = _indent(line) if indent is None and line.strip() else indent
        if not line.strip() or (indent is not None and _indent(line) > indent):
            current = _extend(current, line)
        else:
            current = _start(entries, line.strip())
    return entries


def _start(entries: dict[str, tuple[str, list[str]]], header: str) -> list[str] | None:
    """Record the entry ``header`` opens; ``None`` if it is not an entry (a group label)."""
    match = HF_ENTRY.match(header) or GOOGLE_ENTRY.match(header)
    if match is None:
        return None
    body: list[str] = []
    entries[match["name"]] = (header, body)
    return body


def _extend(current: list[str] | None, line: str) -> list[str] | None:
    if current is not None:
        current.append(line)
    return current


def _entry(header: str, body: list[str]) -> DocEntry:
    hf = HF_ENTRY.match(header)
    if hf is not None:
        return DocEntry(doc_type(hf["spec"]), paragraph(body))
    google = GOOGLE_ENTRY.match(header)
    first = google["text"] if google and google["text"] else ""
    return DocEntry(None, paragraph([first, *body]))


def doc_type(spec: str) -> str | None:
    """The type in an entry's parentheses: ```int` or list[int]``, *optional*`` is
    ``int | list[int]``; ``None`` when the parentheses give no type."""
    text = _balanced(SPEC_END.split(spec, maxsplit=1)[0].replace("`", "").strip())
    return normalise_type(ALTERNATIVE.sub(" | ", text)) if text else None


def _balanced(text: str) -> str:
    """``text`` without the stray closing parentheses a sloppy entry leaves on its type."""
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
