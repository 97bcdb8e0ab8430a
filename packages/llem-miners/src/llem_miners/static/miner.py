"""The static miner: read the target's functions and turn their checks into candidates."""

from __future__ import annotations

import ast
from pathlib import Path

from llem.records import MineTarget
from llem_miners.candidate import MineResult, Unmined, Where
from llem_miners.static.build import MINER, Builder
from llem_miners.static.conditions import TYPE_NAMES, Translator
from llem_miners.static.ordering import ordered
from llem_miners.static.scope import Scope, parameter_aliases
from llem_miners.static.source import FunctionSource, load_function
from llem_miners.static.source_tree import load_function_from_tree
from llem_miners.static.walker import Walker


def mine_static(target: MineTarget, source_root: Path | None = None) -> MineResult:
    """Candidates (and unmined constructs) from every function of ``target.code``, ordered by
    file, line and text; mining twice gives equal results. With ``source_root`` the functions are
    read off that source tree (``source_root/pkg/module.py``) instead of being imported."""
    result = MineResult()
    for import_string in target.code:
        result += mine_function(target, import_string, source_root)
    return ordered(result)


def mine_function(
    target: MineTarget, import_string: str, source_root: Path | None = None
) -> MineResult:
    """The results of one function (``"module:Qual.name"``); unmined if it cannot be read."""
    try:
        source = _load(import_string, source_root)
    except (ImportError, AttributeError, OSError, TypeError, ValueError, SyntaxError) as error:
        where = Where(import_string.partition(":")[0], import_string.partition(":")[2])
        reason = f"cannot read its source: {type(error).__name__}: {error}"
        return MineResult(unmined=(Unmined(where, import_string, reason, MINER),))
    walker = Walker(target, _translator(target, source))
    walker.walk(source.node.body)
    builder = Builder(target, source.file, source.qualname, _parameter_types(target, source))
    results = [builder.build(site, source.line(site.node)) for site in walker.sites]
    return sum(results, MineResult(tested=tuple(walker.tested)))


def _load(import_string: str, source_root: Path | None) -> FunctionSource:
    if source_root is None:
        return load_function(import_string)
    return load_function_from_tree(source_root, import_string)


def _translator(target: MineTarget, source: FunctionSource) -> Translator:
    aliases = parameter_aliases(source.node, target.subjects, target.parameters)
    if target.only_named:
        aliases = {name: kw for name, kw in aliases.items() if name in target.parameters}
    scope = Scope(
        frozenset(target.subjects), source.globals, aliases=aliases, renames=target.parameters
    )
    read = {
        node.attr
        for node in ast.walk(source.node)
        if isinstance(node, ast.Attribute) and scope.is_subject(node.value)
    }
    return Translator(scope, frozenset(read | set(aliases.values())))


def _parameter_types(target: MineTarget, source: FunctionSource) -> dict[str, str]:
    """Keyword -> type name, from plain parameter annotations (``temperature: float``)."""
    arguments = source.node.args
    types: dict[str, str] = {}
    for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs:
        annotation = argument.annotation
        if isinstance(annotation, ast.Name) and annotation.id in TYPE_NAMES:
            keyword = target.parameters.get(argument.arg, argument.arg)
            types[keyword] = TYPE_NAMES[annotation.id]
    return types
