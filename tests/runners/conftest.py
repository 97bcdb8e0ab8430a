"""Run the real ``local`` runner in this process on the echo test engine, misbehaving on
purpose (``echo.fail``), and look for processes left behind."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from multiprocessing import resource_tracker
from pathlib import Path

import attrs
import pytest

from llem.config.resolve import ConfigSources, resolve_experiment
from llem.experiment.events import Event, EventHandler, Failed, Finished
from llem.experiment.job import ExperimentJob, RunLimits
from llem.launch import Launch, execute, prepare
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from tests.processes import processes_with, wait_for

from ..cli.conftest import echo_site  # noqa: F401 - the fixture, shared

QUICK = (
    "measurement.energy.sampler=none",
    "measurement.baseline.strategy=off",
    "measurement.warmup.prompts=0",
    "task.max_output_tokens=3",
)
MARKER = "LLEM_TEST_PROCESS_MARK"


@attrs.define
class Outcome:
    result: Finished | Failed
    events: list[Event]
    job: ExperimentJob
    seconds: float

    @property
    def failed(self) -> Failed:
        assert isinstance(self.result, Failed), self.result
        return self.result


RunEcho = Callable[..., Outcome]


@pytest.fixture
def marker(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A unique variable in the environment the experiment (and all it starts) inherits; after
    the test no process may still carry it."""
    resource_tracker.ensure_running()  # the host's helper for every run: started before the mark
    value = str(uuid.uuid4())
    monkeypatch.setenv(MARKER, value)
    yield f"{MARKER}={value}"
    assert wait_for(lambda: not processes_with(value), 2), "a process outlived the experiment"


@pytest.fixture
def echo_registry(echo_site: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:  # noqa: F811
    monkeypatch.syspath_prepend(str(echo_site))  # the spawned child inherits sys.path
    return build_host(env={}).registry


@pytest.fixture
def run_echo(echo_registry: Registry, tmp_path: Path, marker: str) -> RunEcho:
    """``run_echo("echo.fail=hang", timeout_s=3, log=True)``: prepare and execute one
    experiment with the echo engine; the ``--set`` values go on top of :data:`QUICK`."""

    def run(
        *sets: str,
        timeout_s: float | None = None,
        silence_s: float | None = None,
        log: bool = True,
        n_prompts: int = 3,
        on_event: EventHandler | None = None,
    ) -> Outcome:
        sources = ConfigSources(
            flags=(
                ("engine", "echo"),
                ("task.model", "toy/echo"),
                ("task.n_prompts", n_prompts),
                ("output_dir", str(tmp_path / "out")),
            ),
            sets=(*QUICK, *sets),
        )
        launch = Launch(resolve_experiment(sources, echo_registry), None, LogSettings())
        job = prepare(launch, echo_registry)
        log_file = str(Path(job.experiment_dir) / "experiment.log") if log else None
        job = attrs.evolve(job, log_file=log_file, limits=RunLimits(timeout_s, silence_s))
        events: list[Event] = []
        started = time.monotonic()
        result = execute(job, echo_registry, on_event or events.append)
        return Outcome(result, events, job, time.monotonic() - started)

    return run
