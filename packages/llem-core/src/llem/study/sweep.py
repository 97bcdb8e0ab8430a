"""Expand a study's sweep into configurations (their override sets), engine by engine.

The engines of a study are the ``engine`` axis's values if there is one; else the engines that
engine-scoped keys imply; else the fixed config's engine. For each engine, the dimensions with
alternatives for it are crossed, in file order (the first one outermost); a dimension with no
alternative for an engine does not apply to it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from llem.errors import ConfigError
from llem.study.candidate import Candidate, build_candidate
from llem.study.sweep_model import Alternative, Assignment, Dimension

EngineChoice = tuple[str | None, tuple[Assignment, ...]]
"""An engine to expand for (``None``: the fixed config's) and the assignment selecting it."""


def expand_sweep(dimensions: Sequence[Dimension]) -> list[Candidate]:
    """Every configuration of the sweep, in plan order; raises :class:`ConfigError` for a key
    scoped to an engine that the ``engine`` axis leaves out."""
    choices = engine_choices(dimensions)
    return [candidate for choice in choices for candidate in _for_engine(dimensions, choice)]


def engine_choices(dimensions: Sequence[Dimension]) -> list[EngineChoice]:
    axis = next((d for d in dimensions if d.is_engine_axis), None)
    if axis is not None:
        _check_scopes_within(axis, dimensions)
        return [(alt.assignments[0].value, alt.assignments) for alt in axis.alternatives]
    implied = _implied_engines(dimensions)
    if implied:
        return [(engine, (assignment,)) for engine, assignment in implied.items()]
    return [(None, ())]


def _for_engine(dimensions: Sequence[Dimension], choice: EngineChoice) -> Iterator[Candidate]:
    engine, selecting = choice
    crossed = [d.for_engine(engine) for d in dimensions if not d.is_engine_axis]
    for combination in itertools.product(*(alts for alts in crossed if alts)):
        yield build_candidate([*selecting, *(a for alt in combination for a in alt.assignments)])


def _implied_engines(dimensions: Sequence[Dimension]) -> dict[str, Assignment]:
    """Each implied engine (in order of first mention) and an assignment selecting it there."""
    implied: dict[str, Assignment] = {}
    for alternative in _alternatives(dimensions):
        if alternative.engine is not None and alternative.engine not in implied:
            implied[alternative.engine] = Assignment(
                "engine", alternative.engine, alternative.origin
            )
    return implied


def _check_scopes_within(axis: Dimension, dimensions: Sequence[Dimension]) -> None:
    engines = [alt.assignments[0].value for alt in axis.alternatives]
    listing = ", ".join(str(engine) for engine in engines)
    problems = [
        f"{outside.origin}: sweep.{dimension.key}: applies only to engine {outside.engine!r},"
        f" which the engine axis ({listing}) does not include"
        for dimension in dimensions
        for outside in _outside(dimension, engines)[:1]
    ]
    if problems:
        raise ConfigError(problems)


def _outside(dimension: Dimension, engines: list[object]) -> list[Alternative]:
    return [
        alt
        for alt in dimension.alternatives
        if alt.engine is not None and alt.engine not in engines
    ]


def _alternatives(dimensions: Sequence[Dimension]) -> Iterator[Alternative]:
    for dimension in dimensions:
        yield from dimension.alternatives
