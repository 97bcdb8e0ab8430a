"""Parse a study's ``sweep:`` mapping into :class:`Dimension` records.

- ``path: [v1, v2]`` (a list of values) is an axis; a nested mapping is read as dotted paths
  (``transformers: {batch_size: [1, 4]}`` is ``transformers.batch_size: [1, 4]``).
- ``name: [{...}, {...}, {}]`` (a list of mappings) is a group of alternatives; ``{}`` overrides
  nothing. When ``name`` is an engine's name, entry keys are relative to that engine's section.
  Lists inside an entry expand as a mini-grid; a list value is written as a list of one list.
- A path whose first key is an engine's name applies only to that engine (and implies it).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from llem.config.paths import join_path
from llem.config.strict import describe_value
from llem.config.yaml_source import Position
from llem.errors import ConfigError
from llem.study.candidate import leaves
from llem.study.positions import origin_at
from llem.study.sweep_model import Alternative, Assignment, Dimension

T = TypeVar("T")
R = TypeVar("R")
Options = list[list[Assignment]]
"""A group entry's mini-grid: the values of each of its paths."""


@attrs.frozen
class _Context:
    label: str
    positions: Mapping[str, Position]
    engines: Collection[str]
    limit: int

    def origin(self, key: str) -> str:
        return origin_at(self.label, self.positions, f"sweep.{key}")

    def problem(self, key: str, message: str) -> ConfigError:
        return ConfigError([f"{self.origin(key)}: sweep.{key}: {message}"])


def parse_sweep(
    sweep: Any,
    label: str,
    positions: Mapping[str, Position],
    engines: Collection[str],
    limit: int,
) -> tuple[Dimension, ...]:
    """The dimensions of ``sweep`` in file order; one :class:`ConfigError` names all problems.
    A group whose mini-grids add up to more than ``limit`` alternatives is refused unexpanded."""
    if not isinstance(sweep, dict):
        where = origin_at(label, positions, "sweep")
        message = f"expected a mapping of paths to lists, got {describe_value(sweep)}"
        raise ConfigError([f"{where}: sweep: {message}"])
    problems: list[str] = []
    dimensions = list(_walk(sweep, "", _Context(label, positions, engines, limit), problems))
    if problems:
        raise ConfigError(problems)
    return tuple(dimensions)


def _walk(
    mapping: Mapping[str, Any], prefix: str, context: _Context, problems: list[str]
) -> Iterator[Dimension]:
    for key, value in mapping.items():
        path = join_path(prefix, key)
        if not str(key).strip():
            problems.append(f"{context.origin(path)}: sweep: an empty key ({path!r})")
            continue
        if isinstance(value, dict) and value:
            yield from _walk(value, path, context, problems)
            continue
        try:
            yield _dimension(path, value, context)
        except ConfigError as error:
            problems.extend(error.problems)


def _dimension(key: str, value: Any, context: _Context) -> Dimension:
    if not isinstance(value, list):
        got = describe_value(value)
        raise context.problem(
            key, f"expected a list of values (an axis) or of mappings (a group), got {got}"
        )
    if not value:
        raise context.problem(key, "an empty list sweeps nothing")
    kinds = {isinstance(item, dict) for item in value}
    if len(kinds) > 1:
        message = "mixes values and mappings: a list of values is an axis, of mappings a group"
        raise context.problem(key, message)
    build = _group if kinds == {True} else _axis
    return Dimension(key, context.origin(key), build(key, value, context))


def _axis(key: str, values: list[Any], context: _Context) -> tuple[Alternative, ...]:
    engine = _path_engine(key, context.engines)
    origins = [context.origin(f"{key}.{index}") for index in range(len(values))]
    return tuple(
        Alternative((Assignment(key, value, origin),), engine, origin)
        for value, origin in zip(values, origins, strict=True)
    )


def _group(key: str, entries: list[dict[str, Any]], context: _Context) -> tuple[Alternative, ...]:
    prefix = key if key in context.engines else ""
    grids = _each(entries, lambda index, entry: _grid(prefix, f"{key}.{index}", entry, context))
    size = sum(math.prod(len(values) for values in options) for options in grids)
    if size > context.limit:
        raise context.problem(
            key,
            f"its entries expand to {size:,} alternatives, more than"
            f" execution.max_configurations ({context.limit:,}): fewer values, or raise the cap",
        )
    expanded = _each(grids, lambda index, options: list(_entry(f"{key}.{index}", options, context)))
    return tuple(alternative for alternatives in expanded for alternative in alternatives)


def _each(items: Sequence[T], build: Callable[[int, T], R]) -> list[R]:
    """``build(index, item)`` for every item; one :class:`ConfigError` with all their problems."""
    problems: list[str] = []
    built: list[R] = []
    for index, item in enumerate(items):
        try:
            built.append(build(index, item))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return built


def _grid(prefix: str, key: str, entry: Mapping[str, Any], context: _Context) -> Options:
    return [_options(prefix, key, path, value, context) for path, value in leaves(entry)]


def _entry(key: str, options: Options, context: _Context) -> Iterator[Alternative]:
    """The entry's mini-grid: one alternative per combination of the values of its lists."""
    origin = context.origin(key)
    for combination in itertools.product(*options):
        yield Alternative(combination, _entry_engine(combination, key, context), origin)


def _options(prefix: str, key: str, path: str, value: Any, context: _Context) -> list[Assignment]:
    target = join_path(prefix, path)
    if not isinstance(value, list):
        return [Assignment(target, value, context.origin(f"{key}.{path}"))]
    if not value:
        raise context.problem(
            f"{key}.{path}",
            "an empty list sweeps nothing (a list value is"
            " written as a list of one list: [[a, b]])",
        )
    return [
        Assignment(target, item, context.origin(f"{key}.{path}.{i}"))
        for i, item in enumerate(value)
    ]


def _entry_engine(assignments: tuple[Assignment, ...], key: str, context: _Context) -> str | None:
    named = {_path_engine(a.path, context.engines) for a in assignments} - {None}
    named |= {a.value for a in assignments if a.path == "engine" and _is_engine(a.value, context)}
    if len(named) > 1:
        listing = ", ".join(sorted(str(name) for name in named))
        raise context.problem(
            key, f"one entry names two engines ({listing}); write one entry per engine"
        )
    return next(iter(named), None)


def _path_engine(path: str, engines: Collection[str]) -> str | None:
    first = path.split(".", 1)[0]
    return first if first in engines and "." in path else None


def _is_engine(value: Any, context: _Context) -> bool:
    return isinstance(value, str) and value in context.engines
