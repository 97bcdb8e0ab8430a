"""Source text of AST nodes, on one line (for unmined reports and descriptions)."""

from __future__ import annotations

import ast

LIMIT = 200


def source_text(node: ast.AST) -> str:
    """``ast.unparse(node)`` with whitespace collapsed, cut at :data:`LIMIT` characters."""
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= LIMIT else text[: LIMIT - 3] + "..."
