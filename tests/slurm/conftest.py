"""A reachable Slurm cluster (``nox -s slurm`` starts a local one with scripts/slurm_cluster.py),
and the echo test engine run through the ``slurm`` runner."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from llem.config.resolve import ConfigSources, resolve_experiment
from llem.experiment.events import Event, EventHandler
from llem.experiment.job import RunLimits
from llem.launch import Launch, execute, prepare
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.plugins.registry import Registry

from ..cli.conftest import echo_site, run_llem  # noqa: F401 - the fixtures, shared
from ..runners.conftest import QUICK
from ..runners.conftest import Outcome as EchoOutcome

LOCAL_CLUSTER_CONF = Path("/tmp/llem-slurm/etc/slurm.conf")
"""Where ``scripts/slurm_cluster.py start`` writes the local cluster's configuration."""


@pytest.fixture(scope="session")
def slurm_cluster() -> str:
    """The cluster's configuration file; the test is skipped when Slurm does not answer (fails,
    with ``LLEM_REQUIRE_SLURM=1``: CI starts a cluster, and one that is not there is an error)."""
    if "SLURM_CONF" not in os.environ and LOCAL_CLUSTER_CONF.is_file():
        os.environ["SLURM_CONF"] = str(LOCAL_CLUSTER_CONF)
    try:
        answer = subprocess.run(["sinfo", "-h"], capture_output=True, text=True, timeout=20)
        problem = answer.stderr.strip() if answer.returncode != 0 else ""
    except (OSError, subprocess.TimeoutExpired) as error:
        problem = str(error)
    if problem:
        reason = f"no Slurm cluster reachable (sinfo: {problem}); run: nox -s slurm"
        if os.environ.get("LLEM_REQUIRE_SLURM") == "1":
            pytest.fail(f"LLEM_REQUIRE_SLURM=1 but {reason}")
        pytest.skip(reason)
    return os.environ.get("SLURM_CONF", "")


class Outcome(EchoOutcome):
    """An echo experiment's outcome, and where its Slurm job kept its files."""

    @property
    def slurm_dir(self) -> Path:
        return Path(self.job.experiment_dir) / "slurm"

    @property
    def job_id(self) -> str:
        return (self.slurm_dir / "job_id").read_text().strip()


RunEcho = Callable[..., Outcome]


@pytest.fixture
def echo_registry(echo_site: Path, monkeypatch: pytest.MonkeyPatch) -> Registry:  # noqa: F811
    monkeypatch.syspath_prepend(str(echo_site))  # the job gets the host's sys.path
    return build_host(env={}).registry


@pytest.fixture
def run_echo(slurm_cluster: str, echo_registry: Registry, tmp_path: Path) -> RunEcho:
    """``run_echo("echo.fail=hang", runner="slurm")``: one echo experiment, prepared and run."""

    def run(
        *sets: str,
        runner: str = "slurm",
        timeout_s: float | None = None,
        on_event: EventHandler | None = None,
    ) -> Outcome:
        sources = ConfigSources(
            flags=(
                ("engine", "echo"),
                ("task.model", "toy/echo"),
                ("task.n_prompts", 3),
                ("output_dir", str(tmp_path / runner)),
            ),
            sets=(*QUICK, f"runner={runner}", "slurm.poll_interval_s=0.2", *sets),
        )
        launch = Launch(resolve_experiment(sources, echo_registry), None, LogSettings())
        job = prepare(launch, echo_registry)
        log_file = str(Path(job.experiment_dir) / "experiment.log")
        job = attrs.evolve(job, log_file=log_file, limits=RunLimits(timeout_s, None))
        events: list[Event] = []
        started = time.monotonic()
        result = execute(job, echo_registry, on_event or events.append)
        return Outcome(result, events, job, time.monotonic() - started)

    return run
