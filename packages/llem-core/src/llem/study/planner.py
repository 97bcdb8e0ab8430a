"""Plan a study: expand its sweep and experiments, resolve and validate every configuration,
collapse the duplicates, name what varies.

Each configuration is resolved from the same layers as a single experiment (lowest first): the
user config file, ``LLEM_CFG_*`` variables, the ``base:`` file, the study file's fixed keys, the
configuration's overrides, then the named CLI flags and ``--set`` (which apply to every
configuration). Sections of the fixed config for engines a configuration does not run are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs
import cattrs

from llem.config.converter import make_converter
from llem.config.environment import env_layers
from llem.config.layers import ConfigLayer, gather_layers, merge_layers
from llem.config.overrides import flag_layers, set_layers
from llem.config.resolve import resolve_layers
from llem.config.user_config import user_config_layers
from llem.errors import ConfigError
from llem.launch import Launch
from llem.logs import LogSettings
from llem.plugins.registry import Registry
from llem.preflight.inputs import InputChecks
from llem.rules.batch import InputCheck, PlanCheck, check_configs
from llem.rules.rulebook import RuleBook
from llem.study.candidate import Candidate
from llem.study.collector import collector_paused
from llem.study.estimate import estimate_duration
from llem.study.execution_sets import apply_execution_sets, split_execution_sets
from llem.study.experiments import experiment_candidates
from llem.study.plan_assembly import Outcome, assemble_plan
from llem.study.plan_model import StudyPlan
from llem.study.positions import origin_at
from llem.study.study_file import StudyFile, is_study_file, read_study_file
from llem.study.sweep import expand_sweep
from llem.study.sweep_grammar import parse_sweep
from llem.study.sweep_model import Dimension

__all__ = ["estimate_duration", "is_study_file", "plan_study", "study_candidates"]


def plan_study(
    path: Path,
    registry: Registry,
    *,
    env: Mapping[str, str] | None = None,
    user_config: Path | None = None,
    sets: Sequence[str] = (),
    flags: Sequence[tuple[str, object]] = (),
) -> StudyPlan:
    """The plan of the study in ``path``. Raises :class:`ConfigError` (exit 2) for a malformed
    study file, and when no configuration is valid (listing every reason)."""
    with collector_paused():
        return _plan_study(path, registry, env, user_config, sets, flags)


def _plan_study(
    path: Path,
    registry: Registry,
    env: Mapping[str, str] | None,
    user_config: Path | None,
    sets: Sequence[str],
    flags: Sequence[tuple[str, object]],
) -> StudyPlan:
    execution_sets, sets = split_execution_sets(sets)
    study = read_study_file(path)
    if execution_sets:
        study = attrs.evolve(study, execution=apply_execution_sets(study.execution, execution_sets))
    candidates = study_candidates(study, registry)
    below, above = _shared_layers(study, env or {}, user_config, sets, flags)
    converter = make_converter(registry)
    outcomes = [_resolve(c, below, above, registry, converter, study.label) for c in candidates]
    inputs = _input_check(path, registry, env or {})
    plan = assemble_plan(study, outcomes, _checked(outcomes, converter, registry, inputs))
    output_dir = next((str(value) for key, value in flags if key == "output_dir"), None)
    return attrs.evolve(plan, output_dir=output_dir) if output_dir else plan


def study_candidates(study: StudyFile, registry: Registry) -> list[Candidate]:
    """The sweep's configurations, then the explicit experiments; problems of both at once."""
    problems: list[str] = []
    candidates: list[Candidate] = []
    if study.has_sweep:
        candidates += _collect(problems, lambda: _sweep_candidates(study, registry))
    if study.experiments is not None or "experiments" in study.positions:  # `experiments: null`
        candidates += _collect(
            problems, lambda: experiment_candidates(study.experiments, study.label, study.positions)
        )
    if problems:
        raise ConfigError(problems)
    return candidates


def _sweep_candidates(study: StudyFile, registry: Registry) -> list[Candidate]:
    engines = _engine_names(study, registry)
    cap = study.execution.max_configurations
    dimensions = parse_sweep(study.sweep, study.label, study.positions, engines, cap)
    _check_size(dimensions, study)
    return expand_sweep(dimensions)


def _check_size(dimensions: Sequence[Dimension], study: StudyFile) -> None:
    """Refuse before expanding: 25 axes of 2 values are 33 million configurations."""
    size = math.prod(len(dimension.alternatives) for dimension in dimensions)
    cap = study.execution.max_configurations
    if size > cap:
        where = origin_at(study.label, study.positions, "sweep")
        raise ConfigError(
            [
                f"{where}: sweep: expands to up to {size:,} configurations, more than"
                f" execution.max_configurations ({cap:,}): fewer values, or raise the cap"
                f" (--set execution.max_configurations={size})"
            ]
        )


def _engine_names(study: StudyFile, registry: Registry) -> list[str]:
    """The installed engines, and those the sweep's ``engine`` axis names: an engine that is not
    installed still scopes its keys, so its configurations are skipped as such ("unknown
    engine"), not crossed with every other engine's."""
    axis = study.sweep.get("engine") if isinstance(study.sweep, dict) else None
    named = [value for value in axis if isinstance(value, str)] if isinstance(axis, list) else []
    return list(dict.fromkeys([*registry.engines, *named]))


def _collect(problems: list[str], build: Callable[[], list[Candidate]]) -> list[Candidate]:
    try:
        return build()
    except ConfigError as error:
        problems.extend(error.problems)
        return []


def _shared_layers(
    study: StudyFile,
    env: Mapping[str, str],
    user_config: Path | None,
    sets: Sequence[str],
    flags: Sequence[tuple[str, object]],
) -> tuple[list[ConfigLayer], list[ConfigLayer]]:
    """The layers below the overrides, merged once into one, and those above them."""
    file_layers = [layer for layer in (study.base, study.fixed) if layer is not None]
    below = gather_layers(
        [lambda: user_config_layers(user_config), lambda: env_layers(env), lambda: file_layers]
    )
    above = gather_layers([lambda: flag_layers(flags), lambda: set_layers(sets)])
    merged = merge_layers(below)
    return [ConfigLayer(merged.data, merged.origins, from_file=True, sets_defaults=True)], above


def _resolve(
    candidate: Candidate,
    below: list[ConfigLayer],
    above: list[ConfigLayer],
    registry: Registry,
    converter: cattrs.Converter,
    label: str,
) -> Outcome:
    layers = [*below, candidate.layer, *above]
    try:
        resolved = resolve_layers(layers, registry, root_origin=label, converter=converter)
    except ConfigError as error:
        return Outcome(candidate, problems=tuple(error.problems))
    return Outcome(candidate, resolved)


def _checked(
    outcomes: Sequence[Outcome],
    converter: cattrs.Converter,
    registry: Registry,
    inputs: InputCheck,
) -> PlanCheck:
    resolved = [outcome.resolved for outcome in outcomes if outcome.resolved is not None]
    return check_configs(resolved, converter, RuleBook(registry), inputs)


def _input_check(study_file: Path, registry: Registry, env: Mapping[str, str]) -> InputCheck:
    """Each configuration's model and dataset, as ``llem run`` will find them (relative paths
    from the file that set them); each distinct one is checked once."""
    checks = InputChecks(registry, env)
    return lambda resolved: checks.problems(Launch(resolved, study_file, LogSettings()))
