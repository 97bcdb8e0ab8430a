"""Put mined rules into an engine's shipped corpus, below a marker, keeping everything above it
(the hand-written rules and their comments) byte for byte: ``llem-miners mine ENGINE --write``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from llem_miners.assemble import Rule
from llem_miners.gate.report import render_yaml

MARKER = "  # --- mined: all below is rewritten by `llem-miners mine {engine} --write`"


def with_mined_rules(text: str, engine: str, rules: Sequence[Rule], note: str | None = None) -> str:
    """The corpus text with its mined block replaced by ``rules`` (rules: must be the file's last
    top-level key, as in every shipped corpus); ``note``: a comment line under the marker."""
    marker = MARKER.format(engine=engine)
    head = text.split(marker, 1)[0].rstrip("\n") + "\n"
    if not rules:
        return head
    block = render_yaml(list(rules))
    indented = "".join(f"  {line}" if line else line for line in block.splitlines(keepends=True))
    comment = f"  # {note}\n" if note else ""
    return f"{head}\n{marker}\n{comment}{indented}"


def write_mined_rules(
    path: Path, engine: str, rules: Sequence[Rule], note: str | None = None
) -> bool:
    """Rewrite ``path``'s mined block; ``True`` when the file changed."""
    text = path.read_text(encoding="utf-8")
    updated = with_mined_rules(text, engine, rules, note)
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True
