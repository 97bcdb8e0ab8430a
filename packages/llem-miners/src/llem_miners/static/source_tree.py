"""Read a function off a library's source tree without importing it (source-only mining).

For a library that cannot be installed where the miner runs (TensorRT-LLM needs NVIDIA's index
and a GPU), ``"pkg.module:Qual.name"`` is found in ``ROOT/pkg/module.py`` (or
``ROOT/pkg/module/__init__.py``): the module is parsed, the definition found by its qualified
name, and the module's literal constants (``MAX = 8``, ``MODES = ("a", "b")``) stand for its
globals. Nothing is imported, so names bound to anything else (imports, classes, calls) are
unknown to the miner, which reports what depends on them as unmined.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from llem_miners.static.scope import NOT_CONSTANT, Scope
from llem_miners.static.source import FunctionSource, split_import_string

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
COLLECTIONS: dict[str, type] = {"tuple": tuple, "list": list, "set": set, "frozenset": frozenset}
"""Literal collections a module constant may be built as (``frozenset({"a", "b"})``)."""


def load_function_from_tree(root: Path, import_string: str) -> FunctionSource:
    """The function ``import_string`` names, read from the source tree under ``root``.

    ``file`` is relative to ``root`` (``tensorrt_llm/sampling_params.py``), lines are the file's.
    Raises ``OSError`` when the module has no file, ``AttributeError`` when it defines no such
    name, ``ValueError`` when the name is not a function, ``SyntaxError`` when it does not parse.
    """
    module_name, qualname = split_import_string(import_string)
    path = module_file(root, module_name)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=path.name)
    node = find_definition(tree, qualname)
    if node is None:
        raise AttributeError(f"module {module_name!r} defines no {qualname!r}")
    if isinstance(node, ast.ClassDef):
        raise ValueError(f"{import_string} is not a function or method")
    return FunctionSource(
        node=node,
        file=path.relative_to(root).as_posix(),
        qualname=qualname,
        line_offset=0,
        globals=literal_constants(tree),
    )


def module_file(root: Path, module_name: str) -> Path:
    """``root/pkg/module.py``, else ``root/pkg/module/__init__.py``; ``FileNotFoundError``."""
    base = root.joinpath(*module_name.split("."))
    for path in (base.with_name(base.name + ".py"), base / "__init__.py"):
        if path.is_file():
            return path
    raise FileNotFoundError(f"no source for module {module_name!r} under the source tree")


def find_definition(tree: ast.Module, qualname: str) -> Definition | None:
    """The class or function ``qualname`` (``Class.method``) names in ``tree``: at each level the
    last definition of the name, as Python binds it (a property's setter replaces its getter)."""
    body: list[ast.stmt] = tree.body
    node: Definition | None = None
    for part in qualname.split("."):
        found = [
            statement
            for statement in body
            if isinstance(statement, Definition) and statement.name == part
        ]
        if not found:
            return None
        node = found[-1]
        body = node.body
    return node


def literal_constants(tree: ast.Module) -> dict[str, Any]:
    """Module-level names whose last top-level binding is a literal value (or a ``+`` of literals
    and earlier constants). A name bound otherwise (import, def, class, a call) is left out."""
    constants: dict[str, Any] = {}
    for statement in tree.body:
        value = _assigned_value(statement, constants)
        for name in _bound_names(statement):
            if value is NOT_CONSTANT:
                constants.pop(name, None)
            else:
                constants[name] = value
    return constants


def _assigned_value(statement: ast.stmt, constants: dict[str, Any]) -> Any:
    """The literal value ``statement`` assigns to plain names, or :data:`NOT_CONSTANT`."""
    if isinstance(statement, ast.Assign):
        plain = all(isinstance(target, ast.Name) for target in statement.targets)
        return _constant(statement.value, constants) if plain else NOT_CONSTANT
    if isinstance(statement, ast.AnnAssign) and statement.value is not None:
        return _constant(statement.value, constants)
    return NOT_CONSTANT


def _constant(node: ast.expr, constants: dict[str, Any]) -> Any:
    """``node``'s literal value, reading earlier constants (``ALL = (LOW, HIGH)``) and building
    collections (``frozenset({"a", "b"})``)."""
    value = Scope(frozenset(), constants).constant(node)
    if value is not NOT_CONSTANT:
        return value
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return _collection(COLLECTIONS[type(node).__name__.lower()], node.elts, constants)
    kind = _collection_call(node, constants)
    if kind is not None and isinstance(node, ast.Call):
        items = _constant(node.args[0], constants) if node.args else ()
        return NOT_CONSTANT if items is NOT_CONSTANT else _built(kind, items)
    return NOT_CONSTANT


def _collection_call(node: ast.expr, constants: dict[str, Any]) -> type | None:
    """The collection ``frozenset(...)`` and the like build (one argument at most, the builtin
    not rebound as a constant), else None."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        return None
    name = node.func.id
    simple = len(node.args) <= 1 and not node.keywords and name not in constants
    return COLLECTIONS.get(name) if simple else None


def _collection(kind: type, elements: list[ast.expr], constants: dict[str, Any]) -> Any:
    items = [_constant(element, constants) for element in elements]
    if any(item is NOT_CONSTANT for item in items):
        return NOT_CONSTANT
    return _built(kind, items)


def _built(kind: type, items: Any) -> Any:
    try:
        return kind(items)
    except TypeError:  # not iterable, or an unhashable item in a set
        return NOT_CONSTANT


def _bound_names(statement: ast.stmt) -> list[str]:
    """The module-level names ``statement`` (re)binds."""
    if isinstance(statement, ast.Assign):
        return [name for target in statement.targets for name in _target_names(target)]
    if isinstance(statement, ast.AnnAssign | ast.AugAssign):
        return _target_names(statement.target)
    if isinstance(statement, Definition):
        return [statement.name]
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return [(alias.asname or alias.name).partition(".")[0] for alias in statement.names]
    return []


def _target_names(target: ast.expr) -> list[str]:
    """Plain names of an assignment target; names unpacked from a tuple are never constants."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name.id for name in ast.walk(target) if isinstance(name, ast.Name)]
    return []
