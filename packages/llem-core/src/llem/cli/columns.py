"""Plain aligned text columns for the terminal."""

from __future__ import annotations

from collections.abc import Sequence


def render_columns(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """``header`` and ``rows`` left-aligned in columns two spaces apart."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *rows]
    ]
    return "\n".join(line.rstrip() for line in lines)
