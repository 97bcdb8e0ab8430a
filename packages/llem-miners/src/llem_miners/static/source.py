"""Find a function from its import string and parse its source, keeping real file line numbers.

:func:`load_function` imports the library;
:func:`llem_miners.static.source_tree.load_function_from_tree` reads the same record off a source
tree without importing anything."""

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
    try:
        node, offset = _parse_alone(lines, import_string), max(first_line, 1) - 1
    except SyntaxError:
        # A method whose text does not dedent alone (tabs in its docstring): find it in its
        # parsed module instead, by line.
        node, offset = _parse_in_module(function, first_line, import_string), 0
    return FunctionSource(
        node=node,
        file=relative_file(function),
        qualname=function.__qualname__,
        line_offset=offset,
        globals=dict(function.__globals__),
    )


def _parse_alone(lines: list[str], import_string: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    node = ast.parse(textwrap.dedent("".join(lines))).body[0]
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        raise ValueError(f"{import_string}: the source does not start with a def")
    return node


def _parse_in_module(
    function: Any, first_line: int, import_string: str
) -> ast.FunctionDef | ast.AsyncFunctionDef:
    tree = ast.parse(Path(inspect.getsourcefile(function) or "").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and first_line in (
            node.lineno,
            *(decorator.lineno for decorator in node.decorator_list),
        ):
            return node
    raise ValueError(f"{import_string}: no def at line {first_line} of its module")


def split_import_string(import_string: str) -> tuple[str, str]:
    """``"pkg.module:Qual.name"`` -> ``("pkg.module", "Qual.name")``; ``ValueError`` otherwise."""
    module_name, _, qualname = import_string.partition(":")
    if not module_name or not qualname:
        raise ValueError(f"{import_string!r} is not of the form 'module:Qual.name'")
    return module_name, qualname


def resolve(import_string: str) -> Any:
    """The object named by ``"module:Attr.chain"``."""
    module_name, qualname = split_import_string(import_string)
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
