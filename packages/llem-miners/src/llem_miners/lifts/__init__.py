"""Lifts: rules read off the constraints that classes declare, not off code.

For each import string in a target's ``models`` (``"pkg.module:ClassName"``), the class's kind
picks the lift (:mod:`.kinds`): pydantic models and pydantic dataclasses (:mod:`.pydantic_lift`,
``Field(gt=0)``, ``Literal[...]``), attrs classes (:mod:`.attrs_lift`, their validators), stdlib
dataclasses (:mod:`.dataclass_lift`) and msgspec structs (:mod:`.msgspec_lift`), the last two
declaring constraints that their ``__init__`` does not check. :func:`lift_models` turns what they
enforce into error candidates; :func:`lift_thresholds` gives every declared threshold and allowed
value, enforced or not, for the dynamic miner's boundary probes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from llem.records import MineTarget
from llem_miners.candidate import MineResult, Unmined, Where
from llem_miners.lifts.emit import emit
from llem_miners.lifts.kinds import lift_for
from llem_miners.lifts.model import ModelLift
from llem_miners.lifts.source import class_where
from llem_miners.static.source import resolve

__all__ = ["lift_models", "lift_thresholds", "read_model"]

UNKNOWN_KIND = "not a pydantic model or dataclass, msgspec Struct, attrs class or dataclass"


def lift_models(target: MineTarget, source_root: Path | None = None) -> MineResult:
    """Candidates (severity ``error``, outcome ``raise``) for every constraint that the classes
    of ``target.models`` enforce when built, and unmined constructs for the rest; ordered by
    file, line and text. With ``source_root`` the models are pydantic models read off that source
    tree (:mod:`.source_pydantic`), not imported."""
    result = MineResult()
    for import_string in target.models:
        if source_root is not None:
            result += _lift_source(source_root, import_string, target)
            continue
        model = read_model(import_string)
        if isinstance(model, Unmined):
            result += MineResult(unmined=(model,))
        else:
            result += emit(model, target)
    return _ordered(result)


def _lift_source(root: Path, import_string: str, target: MineTarget) -> MineResult:
    from llem_miners.lifts.source_pydantic import read_source_model

    try:
        model, unread = read_source_model(root, import_string, target)
    except (OSError, AttributeError, SyntaxError) as error:
        reason = f"cannot read it off the source tree: {type(error).__name__}: {error}"
        return MineResult(unmined=(Unmined(_module_where(import_string), import_string, reason,
                                           "lifts"),))  # fmt: skip
    found = emit(model, target) if model is not None else MineResult()
    return found + MineResult(unmined=tuple(unread))


def lift_thresholds(target: MineTarget) -> dict[str, list[Any]]:
    """Native keyword -> the thresholds and allowed values its declared constraints mention
    (enforced or not), in declaration order without repeats; keywords sorted."""
    found: dict[str, list[Any]] = {}
    for import_string in target.models:
        model = read_model(import_string)
        if isinstance(model, ModelLift):
            for field in model.fields:
                keyword = target.parameters.get(field.keyword, field.keyword)
                values = found.setdefault(keyword, [])
                for constraint in field.constraints:
                    values.extend(v for v in constraint.thresholds if not _listed(values, v))
    return {keyword: found[keyword] for keyword in sorted(found) if found[keyword]}


def read_model(import_string: str) -> ModelLift | Unmined:
    """The class named by ``import_string`` read by its lift; unmined when no lift knows it.
    An import string that does not resolve raises (a misconfigured target)."""
    cls = resolve(import_string)
    lift = lift_for(cls) if isinstance(cls, type) else None
    if lift is None:
        where = class_where(cls) if isinstance(cls, type) else None
        return Unmined(where or _module_where(import_string), import_string, UNKNOWN_KIND, "lifts")
    return lift(cls)


def _module_where(import_string: str) -> Where:
    module, _, qualname = import_string.partition(":")
    return Where(module.replace(".", "/") + ".py", qualname)


def _listed(values: list[Any], value: Any) -> bool:
    """Already in ``values`` as the same type and value (``True`` and ``1`` are different)."""
    return any(type(old) is type(value) and old == value for old in values)


def _ordered(result: MineResult) -> MineResult:
    candidates = sorted(
        result.candidates, key=lambda c: (c.where.file, c.where.line or 0, c.fingerprint())
    )
    unmined = sorted(
        result.unmined, key=lambda u: (u.where.file, u.where.line or 0, u.construct, u.reason)
    )
    return MineResult(tuple(candidates), tuple(unmined))
