"""Find a function from its import string and parse its source, keeping real file line numbers."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs


@attrs.frozen
class FunctionSource:
    """A library function's parsed definition and where it lives.

    ``line_offset`` added to a node's ``lineno`` gives the line in ``file`` (relative to the parent
    folder of the library's top package, ``transformers/generation/utils.py``); ``globals`` are the
    function's module globals (module-level constants are read from there)."""

    node: ast.FunctionDef | ast.AsyncFunctionDef
    file: str
    qualname: str
    line_offset: int
    globals: dict[str, Any]

    def line(self, node: ast.AST) -> int:
        """The file line of ``node`` (an AST node of :attr:`node`)."""
        return int(getattr(node, "lineno", 1)) + self.line_offset


def load_function(import_string: str) -> FunctionSource:
    """Import ``"pkg.module:Qual.name"`` and parse the function it names.

    Raises ``ValueError`` when the object is not a function with readable source."""
    obj = resolve(import_string)
    function = inspect.unwrap(getattr(obj, "__func__", obj))
    if not inspect.isfunction(function):
        raise ValueError(f"{import_string} is not a function or method")
    lines, first_line = inspect.getsourcelines(function)
    tree = ast.parse(textwrap.dedent("".join(lines)))
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        raise ValueError(f"{import_string}: the source does not start with a def")
    return FunctionSource(
        node=node,
        file=relative_file(function),
        qualname=function.__qualname__,
        line_offset=max(first_line, 1) - 1,
        globals=dict(function.__globals__),
    )


def resolve(import_string: str) -> Any:
    """The object named by ``"module:Attr.chain"``."""
    module_name, _, qualname = import_string.partition(":")
    if not qualname:
        raise ValueError(f"{import_string!r} is not of the form 'module:Qual.name'")
    module = importlib.import_module(module_name)
    obj: Any = module
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def relative_file(function: Any) -> str:
    """``function``'s source file relative to the parent folder of its top-level package."""
    source = Path(inspect.getsourcefile(function) or inspect.getfile(function)).resolve()
    top = sys.modules[str(function.__module__).partition(".")[0]]
    top_file = Path(top.__file__ or source).resolve()
    root = top_file.parent.parent if hasattr(top, "__path__") else top_file.parent
    try:
        return source.relative_to(root).as_posix()
    except ValueError:
        return source.name
