"""Find a class and the classes it derives from in a source tree, without importing anything.

A base named in the class's own module is found there; one imported with ``from module import
Name`` (relative imports too) is followed into that module's file when the tree has it. A base
that cannot be followed (its file is missing, or it comes from outside the tree) is *opaque*:
its name and the module it was imported from are kept, its body is unknown.
"""

from __future__ import annotations

import ast
from pathlib import Path

import attrs

from llem_miners.static.source_tree import find_definition, module_file


@attrs.frozen
class TreeClass:
    """One class of the chain: its definition, the file (relative to the root) and module."""

    node: ast.ClassDef
    file: str
    module: str
    tree: ast.Module


@attrs.frozen
class OpaqueBase:
    """A base class whose source the tree does not hold: ``module`` is where it was imported
    from (``pydantic``, ``tensorrt_llm.llmapi.utils``), ``""`` when the name is not imported."""

    name: str
    module: str


@attrs.define
class ClassChain:
    """A class and its bases, most derived first, each once; ``opaque``: bases never read."""

    classes: list[TreeClass] = attrs.field(factory=list)
    opaque: list[OpaqueBase] = attrs.field(factory=list)


def class_chain(root: Path, module: str, qualname: str) -> ClassChain:
    """The chain of ``module:qualname`` (``FileNotFoundError`` / ``AttributeError`` when the
    module or class is not in the tree)."""
    chain = ClassChain()
    _add(chain, root, module, qualname)
    if not chain.classes:
        raise AttributeError(f"module {module!r} defines no class {qualname!r}")
    return chain


def _add(chain: ClassChain, root: Path, module: str, qualname: str) -> None:
    path = module_file(root, module)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=path.name)
    node = find_definition(tree, qualname)
    if not isinstance(node, ast.ClassDef):
        return
    relative = path.relative_to(root).as_posix()
    if any(known.file == relative and known.node.name == node.name for known in chain.classes):
        return
    chain.classes.append(TreeClass(node, relative, module, tree))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for base in node.bases:
        if isinstance(base, ast.Name):
            _add_base(chain, root, (module, package), tree, base.id)


def _add_base(
    chain: ClassChain, root: Path, where: tuple[str, str], tree: ast.Module, name: str
) -> None:
    module, package = where
    if isinstance(find_definition(tree, name), ast.ClassDef):
        _add(chain, root, module, name)
        return
    source = imported_from(tree, package, name)
    try:
        if source is not None:
            _add(chain, root, source[0], source[1])
            return
    except FileNotFoundError:
        pass
    opaque = OpaqueBase(name, source[0] if source else "")
    if opaque not in chain.opaque:
        chain.opaque.append(opaque)


def imported_from(tree: ast.Module, package: str, name: str) -> tuple[str, str] | None:
    """``(module, original name)`` of a top-level ``from ... import`` binding ``name`` in a
    module of ``package``."""
    for statement in tree.body:
        if not isinstance(statement, ast.ImportFrom):
            continue
        for alias in statement.names:
            if (alias.asname or alias.name) == name:
                return absolute(package, statement.module or "", statement.level), alias.name
    return None


def absolute(package: str, imported: str, level: int) -> str:
    """The absolute name of ``from <level dots><imported> import ...`` written in a module of
    ``package`` (one dot: that package, two: its parent, ...)."""
    if level == 0:
        return imported
    parts = package.split(".")[: len(package.split(".")) - level + 1]
    return ".".join([*parts, *([imported] if imported else [])])
