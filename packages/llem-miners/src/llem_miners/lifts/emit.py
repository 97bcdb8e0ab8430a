"""A lifted class's constraints as candidates (or unmined constructs) in native-keyword space.

Each enforced constraint becomes an error rule (``expected_outcome: raise``) keyed by the field's
constructor keyword (renamed by the target's ``parameters``), with example kwargs from
:func:`llem_miners.examples.examples`. A constraint of a class that does not enforce it, one for
which no example values exist, and every skipped construct become :class:`Unmined`.
"""

from __future__ import annotations

from collections.abc import Iterator

from llem.records import MineTarget
from llem_miners.candidate import Candidate, MineResult, Unmined, Where
from llem_miners.examples import examples
from llem_miners.lifts.model import Constraint, FieldLift, ModelLift
from llem_miners.lifts.source import field_places, field_where, method_where

NO_EXAMPLES = "no example values satisfy the lifted predicate"
CODE_CHECK = "a check written as code: point the static miner at it (MineTarget.code)"


def emit(model: ModelLift, target: MineTarget) -> MineResult:
    """The candidates and unmined constructs of one lifted class."""
    places = dict(model.places) if model.places is not None else field_places(model.cls)
    candidates: list[Candidate] = []
    unmined: list[Unmined] = []
    for field in model.fields:
        where = field_where(places, model.cls, field.name)
        for item in _field_results(model, field, where, target):
            if isinstance(item, Candidate):
                candidates.append(item)
            else:
                unmined.append(item)
    unmined.extend(_code_checks(model, target))
    return MineResult(tuple(candidates), tuple(unmined))


def _code_checks(model: ModelLift, target: MineTarget) -> Iterator[Unmined]:
    """The class's code checks that the target does not already give the static miner."""
    mined = {code.partition(":")[2] for code in target.code}
    for name in model.checks:
        where = method_where(model.cls, name)
        if not {where.method, f"{model.cls.__qualname__}.{name}"} & mined:
            yield Unmined(where, where.method, CODE_CHECK, model.added_by)


def _field_results(
    model: ModelLift, field: FieldLift, where: Where, target: MineTarget
) -> Iterator[Candidate | Unmined]:
    for skipped in field.skipped:
        yield Unmined(where, skipped.construct, skipped.reason, model.added_by)
    for constraint in field.constraints:
        if model.unenforced:
            yield Unmined(where, constraint.construct, model.unenforced, model.added_by)
        else:
            yield candidate(model, field, constraint, where, target)


def candidate(
    model: ModelLift, field: FieldLift, constraint: Constraint, where: Where, target: MineTarget
) -> Candidate | Unmined:
    """The error rule stating ``constraint``, or an unmined construct when no examples exist."""
    keyword = target.parameters.get(field.keyword, field.keyword)
    types = {keyword: field.type_name} if field.type_name else {}
    pair = examples({keyword: dict(constraint.spec)}, types)
    if pair is None:
        return Unmined(where, constraint.construct, NO_EXAMPLES, model.added_by)
    return Candidate(
        native_type=target.native_type,
        severity="error",
        fields={keyword: dict(constraint.spec)},
        kwargs_positive=pair[0],
        kwargs_negative=pair[1],
        expected_outcome="raise",
        message_template=constraint.message,
        where=where,
        added_by=model.added_by,
        description=f"{model.cls.__qualname__}.{field.name} declares {constraint.construct}, "
        f"which is checked when {model.cls.__qualname__} is built.",
    )
