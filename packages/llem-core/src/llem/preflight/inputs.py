"""The files a configuration reads: its model and its dataset, found as ``llem run`` finds them.

Each problem names where the key was set (``exp.yaml:3:3: task.model: ...``). A study checks many
configurations that share a few models and datasets: each distinct one is checked once.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from llem.datasets.select import dataset_texts
from llem.engine_api import ResolvedModel
from llem.errors import UsageError
from llem.model_ref import resolve_model
from llem.plugins.registry import Registry
from llem.preflight.hub import offline_problem
from llem.runners.base import make_runner, split_runner_key

if TYPE_CHECKING:
    from llem.launch import Launch

LOCAL_RUNNER = "local"

Problem = tuple[str, str]
"""``(dotted key, message)``."""


@attrs.define
class InputChecks:
    """Checks models and datasets, remembering each outcome by what it depends on."""

    registry: Registry
    env: Mapping[str, str] = attrs.field(factory=dict)
    _found: dict[tuple[object, ...], list[str]] = attrs.field(factory=dict, init=False)
    _models: dict[tuple[object, ...], Problem | None] = attrs.field(factory=dict, init=False)
    _datasets: dict[tuple[str, Path], int | str] = attrs.field(factory=dict, init=False)
    _runners: dict[str, Problem | None] = attrs.field(factory=dict, init=False)

    def problems(self, launch: Launch) -> list[str]:
        """Every problem with the launch's model and dataset, located."""
        key = _inputs_key(launch)  # cheap: finding a relative path's folder costs a stat
        if key not in self._found:
            self._found[key] = self._problems(launch)
        return self._found[key]

    def _problems(self, launch: Launch) -> list[str]:
        found = [
            self._runner_problem(launch.resolved.config.runner),
            self._model_problem(launch),
            *self._dataset_problems(launch),
        ]
        return [f"{launch.where(key)}: {key}: {message}" for key, message in filter(None, found)]

    def _runner_problem(self, runner: str) -> Problem | None:
        """What the runner says of the text after its name (``slurm:nope``), when it is wrong."""
        if runner not in self._runners:
            try:
                make_runner(runner, self.registry)
                self._runners[runner] = None
            except UsageError as error:
                self._runners[runner] = ("runner", str(error))
            except ImportError as error:  # a runner plugin whose factory does not import
                self._runners[runner] = ("runner", f"cannot load runner '{runner}': {error}")
        return self._runners[runner]

    def _model_problem(self, launch: Launch) -> Problem | None:
        task, runner = launch.resolved.config.task, launch.resolved.config.runner
        base_dir = launch.base_dir_for("task.model")
        local = split_runner_key(runner)[0] == LOCAL_RUNNER
        key = (task.model, task.gguf_file, base_dir, local)
        if key not in self._models:
            self._models[key] = model_problem(task.model, task.gguf_file, base_dir, local, self.env)
        return self._models[key]

    def _dataset_problems(self, launch: Launch) -> list[Problem]:
        task = launch.resolved.config.task
        key = (task.dataset, launch.base_dir_for("task.dataset"))
        if key not in self._datasets:
            self._datasets[key] = self._count_prompts(*key)
        found = self._datasets[key]
        if isinstance(found, str):
            return [("task.dataset", found)]
        return [] if task.n_prompts <= found else [_too_few(launch, found)]

    def _count_prompts(self, dataset: str, base_dir: Path) -> int | str:
        """How many prompts the dataset holds (as its registration declares, else read), or why
        it cannot be read."""
        registered = self.registry.datasets.get(dataset)
        if registered is not None and registered.spec.size is not None:
            return registered.spec.size
        try:
            return len(dataset_texts(dataset, self.registry, base_dir))
        except UsageError as error:
            return str(error)


def _inputs_key(launch: Launch) -> tuple[object, ...]:
    """What the problems depend on: the values, where they were set, the runner."""
    config = launch.resolved.config
    task, keys = config.task, ("task.model", "task.gguf_file", "task.dataset", "task.n_prompts")
    values = (task.model, task.gguf_file, task.dataset, task.n_prompts, config.runner)
    return (*values, *map(launch.where, keys), *sorted(launch.base_dirs.items()))


def model_problem(
    model: str, gguf_file: str | None, base_dir: Path, local: bool, env: Mapping[str, str]
) -> Problem | None:
    """Why ``model`` cannot be loaded from here; a hub id is checked against the local cache
    only when the hub is switched off for a local run (a container may still download it)."""
    try:
        resolved = resolve_model(model, gguf_file, base_dir)
    except UsageError as error:
        return "task.model", str(error)
    if resolved.source == "hub":
        problem = offline_problem(model, env) if local else None
        return ("task.model", problem) if problem else None
    return _gguf_problem(resolved)


def _gguf_problem(resolved: ResolvedModel) -> Problem | None:
    gguf = resolved.gguf_file
    if gguf is None or (Path(resolved.location) / gguf).is_file():
        return None
    return "task.gguf_file", f"no file {gguf!r} in {resolved.location}"


def _too_few(launch: Launch, available: int) -> Problem:
    """Blames ``task.n_prompts`` when it was set, else the dataset that is too small."""
    task = launch.resolved.config.task
    if launch.where("task.n_prompts") == "default":
        return "task.dataset", (
            f"{task.dataset!r} holds only {available} prompts, fewer than task.n_prompts"
            f" ({task.n_prompts})"
        )
    return "task.n_prompts", (
        f"{task.n_prompts} prompts asked for, but dataset {task.dataset!r} holds only {available}"
    )
