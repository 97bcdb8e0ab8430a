"""Turn resolved and checked candidates into a :class:`StudyPlan`."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from llem.config.resolve import ResolvedExperiment
from llem.errors import ConfigError
from llem.rules.batch import CheckedConfig, PlanCheck
from llem.study.candidate import Candidate
from llem.study.plan_model import DuplicateConfig, PlannedConfig, SkippedConfig, StudyPlan
from llem.study.plan_values import design_hash, label_of, params_of, varying_paths
from llem.study.study_file import StudyFile


@attrs.frozen
class Outcome:
    """A candidate resolved (``resolved``) or rejected while resolving (``problems``)."""

    candidate: Candidate
    resolved: ResolvedExperiment | None = None
    problems: tuple[str, ...] = ()


def config_id(position: int) -> str:
    """``c001`` for the first configuration of a plan."""
    return f"c{position + 1:03d}"


def assemble_plan(study: StudyFile, outcomes: Sequence[Outcome], check: PlanCheck) -> StudyPlan:
    """``check`` indexes the outcomes that resolved, in order. Raises :class:`ConfigError` when
    no configuration is valid."""
    resolved_at = [i for i, outcome in enumerate(outcomes) if outcome.resolved is not None]
    valid = [(outcomes[resolved_at[item.index]], item) for item in check.valid]
    if not valid:
        raise _nothing_valid(study, outcomes, check)
    configs = _planned(valid, outcomes)
    varying = _varying(configs)
    show_engine = "engine" in varying
    return StudyPlan(
        name=study.name,
        study_file=str(study.path.resolve()),
        output_dir=study.output_dir,
        execution=study.execution,
        configs=configs,
        skipped=_skipped(outcomes, check, resolved_at, show_engine),
        duplicates=_duplicates(outcomes, check, resolved_at, configs, show_engine),
        varying=varying,
        design_hash=design_hash([c.config_hash for c in configs], study.execution),
    )


def _planned(
    valid: Sequence[tuple[Outcome, CheckedConfig]], outcomes: Sequence[Outcome]
) -> tuple[PlannedConfig, ...]:
    views = [item.resolved.view or {} for _, item in valid]
    paths = varying_paths(set_paths_in_file_order(outcomes), views)
    return tuple(
        _planned_one(position, outcome, item, params_of(view, paths))
        for position, ((outcome, item), view) in enumerate(zip(valid, views, strict=True))
    )


def _planned_one(
    position: int, outcome: Outcome, item: CheckedConfig, params: dict[str, object]
) -> PlannedConfig:
    validation = item.validation
    assert validation is not None  # only valid items are planned
    return PlannedConfig(
        id=config_id(position),
        label=label_of(params, own_label(outcome.candidate, show_engine=False)),
        params=params,
        source=outcome.candidate.source,
        config_hash=validation.effective_hash,
        resolved=item.resolved,
        checks=validation.checks(),
    )


def set_paths_in_file_order(outcomes: Sequence[Outcome]) -> list[str]:
    """Every path an override sets, in the order the study file first writes it."""
    origins: dict[str, set[str]] = {}
    for assignment in (a for outcome in outcomes for a in outcome.candidate.assigned):
        origins.setdefault(assignment.path, set()).add(assignment.origin)
    first = {path: min(_place(origin) for origin in found) for path, found in origins.items()}
    return sorted(first, key=first.__getitem__)


def _place(origin: str) -> tuple[int, int]:
    """(line, column) of ``file:line:col``; after everything when it has none."""
    _, line, column = f"::{origin}".rsplit(":", 2)
    return (int(line), int(column)) if line.isdigit() and column.isdigit() else (1 << 30, 0)


def _varying(configs: Sequence[PlannedConfig]) -> tuple[str, ...]:
    return tuple(configs[0].params) if configs else ()


def own_label(candidate: Candidate, *, show_engine: bool) -> str:
    """The candidate's own overrides in words (``engine`` only when ``show_engine``: it is
    implied by scoped keys and says nothing when every configuration runs one engine)."""
    shown = {
        path: value
        for path, value in candidate.assigned_values().items()
        if show_engine or path != "engine"
    }
    return label_of(shown, candidate.source)


def _skipped(
    outcomes: Sequence[Outcome],
    check: PlanCheck,
    resolved_at: Sequence[int],
    show_engine: bool = True,
) -> tuple[SkippedConfig, ...]:
    reasons = {i: o.problems for i, o in enumerate(outcomes) if o.resolved is None}
    reasons |= {resolved_at[item.index]: item.problems for item in check.invalid}
    return tuple(_skipped_one(outcomes[i], reasons[i], show_engine) for i in sorted(reasons))


def _skipped_one(outcome: Outcome, reasons: tuple[str, ...], show_engine: bool) -> SkippedConfig:
    candidate = outcome.candidate
    label = own_label(candidate, show_engine=show_engine)
    return SkippedConfig(label, candidate.assigned_values(), candidate.source, reasons)


def _duplicates(
    outcomes: Sequence[Outcome],
    check: PlanCheck,
    resolved_at: Sequence[int],
    configs: Sequence[PlannedConfig],
    show_engine: bool,
) -> tuple[DuplicateConfig, ...]:
    id_of = {item.index: configs[position].id for position, item in enumerate(check.valid)}
    return tuple(
        _duplicate_one(outcomes[resolved_at[index]].candidate, id_of[same_as], show_engine)
        for index, same_as in check.duplicates
    )


def _duplicate_one(candidate: Candidate, same_as: str, show_engine: bool) -> DuplicateConfig:
    label = own_label(candidate, show_engine=show_engine)
    return DuplicateConfig(label, candidate.assigned_values(), candidate.source, same_as)


def _nothing_valid(study: StudyFile, outcomes: Sequence[Outcome], check: PlanCheck) -> ConfigError:
    resolved_at = [i for i, outcome in enumerate(outcomes) if outcome.resolved is not None]
    skipped = _skipped(outcomes, check, resolved_at)
    reasons = dict.fromkeys(reason for item in skipped for reason in item.reasons)
    header = f"no valid configuration in study {study.label} ({len(outcomes)} expanded)"
    return ConfigError(list(reasons) or ["the study expands to no configuration"], header=header)
