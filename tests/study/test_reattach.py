"""Runners whose experiments are jobs elsewhere (a scheduler's): ``--resume`` after the host was
killed follows a job its runner left queued or running (the job named in the manifest) instead
of starting the run again, and a job that ended is replaced; runs go in flight several at once
when the runner allows it. Runner-neutral: a real in-process runner plugin whose "jobs" are
files and threads."""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from llem import hookimpl
from llem.config.converter import make_converter
from llem.config.models import ExperimentConfig
from llem.experiment.events import EventHandler, Failed, Finished, Phase, Submitted
from llem.experiment.job import ExperimentJob
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.records import RunnerSpec
from llem.runners.base import FollowJob, RunnerRequest
from llem.study.execution import ExecutionConfig
from llem.study.manifest import Manifest, RunRecord
from llem.study.manifest_io import read_manifest, write_manifest
from llem.study.observer import SilentObserver
from llem.study.run_one import RunContext
from llem.study.runner import StudyRunner

from .manifest_factory import manifest

RESULT = '{"schema_version": "2"}'


class HeldRunner:
    """Its jobs are files in ``jobs/``: a job is live while its file exists. ``width`` runs may
    be in flight; each run takes ``seconds``, and ``in_flight`` counts them."""

    jobs = Path()
    width = 1
    seconds = 0.0
    in_flight: list[int] = [0, 0]
    """Now, and the most at once."""
    lock = threading.Lock()

    def __init__(self, request: RunnerRequest) -> None:
        pass

    def preflight(self, config: ExperimentConfig) -> None:
        pass

    def parallel_runs(self, config: ExperimentConfig) -> int:
        return self.width

    def cancel(self, job: str) -> None:
        (self.jobs / job.partition(":")[2]).unlink(missing_ok=True)

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        on_event(Submitted("held:new"))
        with self.lock:
            self.in_flight[0] += 1
            self.in_flight[1] = max(self.in_flight)
        time.sleep(self.seconds)
        with self.lock:
            self.in_flight[0] -= 1
        result = Path(job.experiment_dir) / "result.json"
        result.write_text(RESULT)
        return Finished(str(result))

    def attach(self, experiment_dir: str, job: str) -> FollowJob | None:
        if not (self.jobs / job.partition(":")[2]).is_file():
            return None

        def follow(on_event: EventHandler) -> Finished | Failed:
            on_event(Phase("reattached", job))
            result = Path(experiment_dir) / "result.json"
            result.write_text(RESULT)
            return Finished(str(result))

        return follow


class HeldPlugin:
    @hookimpl
    def llem_register_runners(self) -> list[RunnerSpec]:
        return [RunnerSpec(name="held", factory=f"{__name__}:HeldRunner")]


class Recorder(SilentObserver):
    def __init__(self) -> None:
        self.started: list[str] = []
        self.events: list[object] = []

    def run_started(self, manifest: Manifest, run: RunRecord) -> None:
        self.started.append(run.id)

    def run_event(self, event: object) -> None:
        self.events.append(event)


@pytest.fixture
def held_registry(registry: Registry) -> Registry:
    echo = sys.modules["llem_echo.plugin"]
    assert isinstance(echo, ModuleType)
    return build_host(env={}, plugins=[("echo", echo), ("held", HeldPlugin())]).registry


def _left_by_a_killed_host(study_dir: Path) -> Manifest:
    """Run 1 was running job ``held:live`` (still live); run 2 job ``held:gone`` (ended)."""
    planned = manifest(n_configs=2, cycles=1)
    configs = [
        attrs.evolve(
            record,
            config={**record.config, "runner": "held", "output_dir": str(study_dir)},
            provenance={},
        )
        for record in planned.configs
    ]
    first, second = planned.runs
    runs = [
        attrs.evolve(first, status="running", attempts=1, job="held:live"),
        attrs.evolve(second, status="running", attempts=1, job="held:gone"),
    ]
    for run in runs:
        (study_dir / run.dir).mkdir(parents=True)
        (study_dir / run.dir / "mark").write_text(run.id)
    return attrs.evolve(planned, configs=configs, runs=runs, status="running")


def test_resume_follows_the_live_job_and_replaces_the_ended_one(
    held_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HeldRunner, "jobs", tmp_path / "jobs")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "live").write_text("")
    study_dir = tmp_path / "study"
    write_manifest(study_dir, _left_by_a_killed_host(study_dir))
    context = RunContext(
        study_dir, tmp_path / "study.yaml", held_registry, make_converter(held_registry),
        LogSettings(), ExecutionConfig(),
    )  # fmt: skip
    observer = Recorder()
    StudyRunner(read_manifest(study_dir), context, observer).run()

    followed, replaced = read_manifest(study_dir).runs
    assert (followed.status, followed.attempts, followed.job) == ("completed", 1, "held:live")
    assert (study_dir / followed.dir / "mark").is_file()  # its folder was not cleared
    assert (replaced.status, replaced.attempts, replaced.job) == ("completed", 2, "held:new")
    assert not (study_dir / replaced.dir / "mark").exists()  # a fresh attempt
    assert json.loads((study_dir / replaced.dir / "result.json").read_text())
    assert observer.started == [followed.id, replaced.id]  # each announced once
    assert Phase("reattached", "held:live") in observer.events


def test_runs_go_in_flight_as_many_at_once_as_the_runner_allows(
    held_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HeldRunner, "width", 2)
    monkeypatch.setattr(HeldRunner, "seconds", 0.5)
    monkeypatch.setattr(HeldRunner, "in_flight", [0, 0])
    study_dir = tmp_path / "study"
    planned = manifest(n_configs=3, cycles=2)
    configs = [
        attrs.evolve(record, config={**record.config, "runner": "held"}, provenance={})
        for record in planned.configs
    ]
    write_manifest(study_dir, attrs.evolve(planned, configs=configs))
    context = RunContext(
        study_dir, tmp_path / "study.yaml", held_registry, make_converter(held_registry),
        LogSettings(), ExecutionConfig(gap_s=60),
    )  # fmt: skip
    started = time.monotonic()
    final = StudyRunner(read_manifest(study_dir), context, Recorder()).run()
    assert HeldRunner.in_flight == [0, 2]
    assert time.monotonic() - started < 6 * 0.5  # three pairs, not six in a row, and no gaps
    assert final.status == "completed"
    assert {(run.status, run.job) for run in final.runs} == {("completed", "held:new")}
