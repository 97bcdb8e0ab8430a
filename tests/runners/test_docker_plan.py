"""What a container of one experiment gets (:mod:`llem.runners.docker.plan`, pure), the
``containers.create`` arguments built from it, and the labels that let a later llem recognise
a container whose host died. No Docker engine needed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from llem.config.resolve import ConfigSources, resolve_experiment
from llem.engine_api import Prompt, ResolvedModel
from llem.experiment.job import ExperimentJob, JobPrompts
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.runners.docker.container import _as_exitcode, create_options, experiment_command
from llem.runners.docker.labels import (
    EXPERIMENT,
    HOST,
    MANAGED,
    OWNER,
    container_labels,
    owner_alive,
    process_identity,
)
from llem.runners.docker.plan import (
    CACHE_DIR,
    EXPERIMENT_DIR,
    HF_HOME,
    MODEL_CACHE_DIR,
    MODEL_DIR,
    POWERCAP,
    ContainerPlan,
    GpuRequest,
    Mount,
    plan_container,
)

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

MakeJob = Callable[..., ExperimentJob]
Plan = Callable[..., ContainerPlan]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_host(env={}).registry


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    path = tmp_path / "models" / "tiny"
    path.mkdir(parents=True)
    return path


@pytest.fixture
def make_job(registry: Registry, tmp_path: Path, model_dir: Path) -> MakeJob:
    """``make_job(on_disk, "docker.network=host", ...)``: a job for a model on disk (or a hub
    id), its docker settings given as ``--set`` values."""

    def make(on_disk: bool = True, *sets: str) -> ExperimentJob:
        model = ResolvedModel("local", str(model_dir)) if on_disk else ResolvedModel("hub", "o/m")
        sources = ConfigSources(flags=(("task.model", model.location),), sets=sets)
        config = resolve_experiment(sources, registry).config
        return ExperimentJob(
            "tiny",
            config,
            model,
            JobPrompts((Prompt(0, "hi"),)),
            str(tmp_path / "results" / "tiny_1"),
            str(tmp_path / "cache"),
        )

    return make


@pytest.fixture
def no_powercap(tmp_path: Path) -> Path:
    return tmp_path / "no-powercap"  # never created


@pytest.fixture
def plan(make_job: MakeJob, no_powercap: Path) -> Plan:
    """``plan(on_disk, *sets, image_gpus=False, env={}, powercap=<absent>)``."""

    def make(
        on_disk: bool = True,
        *sets: str,
        image_gpus: bool = False,
        env: Mapping[str, str] | None = None,
        powercap: Path | None = None,
    ) -> ContainerPlan:
        return plan_container(
            make_job(on_disk, *sets), image_gpus, env or {}, powercap or no_powercap
        )

    return make


# --- mounts --------------------------------------------------------------------------------------


def test_a_model_on_disk_is_mounted_read_only(
    make_job: MakeJob, model_dir: Path, no_powercap: Path
) -> None:
    job = make_job(True)
    planned = plan_container(job, False, {}, no_powercap)
    assert planned.mounts == (
        Mount(job.experiment_dir, EXPERIMENT_DIR, read_only=False),
        Mount(job.baseline_cache_dir, CACHE_DIR, read_only=False),
        Mount(str(model_dir), MODEL_DIR, read_only=True),
    )


def test_a_hub_model_gets_the_hosts_hugging_face_cache(
    make_job: MakeJob, tmp_path: Path, no_powercap: Path
) -> None:
    job = make_job(False)
    hf_home = tmp_path / "hf"
    planned = plan_container(job, False, {"HF_HOME": str(hf_home)}, no_powercap)
    assert planned.mounts == (
        Mount(job.experiment_dir, EXPERIMENT_DIR, read_only=False),
        Mount(job.baseline_cache_dir, CACHE_DIR, read_only=False),
        Mount(str(hf_home), HF_HOME, read_only=False),
    )


def test_the_model_cache_is_shared_read_write_and_the_engine_sees_it_mapped(
    make_job: MakeJob, tmp_path: Path, no_powercap: Path
) -> None:
    """Weights an engine derives (a GGUF file as safetensors) are made once per machine."""
    job = attrs.evolve(make_job(True), model_cache_dir=str(tmp_path / "llem" / "models"))
    planned = plan_container(job, False, {}, no_powercap)
    assert Mount(str(tmp_path / "llem" / "models"), MODEL_CACHE_DIR, False) in planned.mounts
    assert planned.job.engine_model.cache_dir == MODEL_CACHE_DIR
    assert planned.job.recorded_model.cache_dir is None


def test_without_hf_home_the_cache_is_under_xdg_cache_home(plan: Plan, tmp_path: Path) -> None:
    planned = plan(False, env={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert Mount(str(tmp_path / "xdg" / "huggingface"), HF_HOME, False) in planned.mounts


def test_powercap_is_mounted_read_only_only_when_the_host_has_it(
    plan: Plan, tmp_path: Path
) -> None:
    powercap = tmp_path / "powercap"
    powercap.mkdir()
    assert Mount(str(powercap), POWERCAP, read_only=True) in plan(powercap=powercap).mounts
    assert all(m.target != POWERCAP for m in plan(powercap=tmp_path / "absent").mounts)


# --- the job as the container sees it -----------------------------------------------------------


def test_the_planned_job_has_the_container_paths(make_job: MakeJob, no_powercap: Path) -> None:
    job = make_job(True)
    planned = plan_container(job, False, {}, no_powercap).job
    assert planned.experiment_dir == EXPERIMENT_DIR
    assert planned.baseline_cache_dir == CACHE_DIR
    assert planned.model == ResolvedModel("local", MODEL_DIR)
    assert planned.recorded_model == job.model  # result.json records the host's model
    assert planned.prompts == job.prompts


def test_a_planned_hub_job_keeps_its_model_id(make_job: MakeJob, no_powercap: Path) -> None:
    job = make_job(False)
    planned = plan_container(job, False, {}, no_powercap).job
    assert planned.model == job.model
    assert planned.experiment_dir == EXPERIMENT_DIR


# --- network -------------------------------------------------------------------------------------


def test_auto_network_is_none_for_a_model_on_disk(plan: Plan) -> None:
    assert plan(True).network == "none"


def test_auto_network_is_bridge_for_a_hub_model(plan: Plan) -> None:
    assert plan(False).network == "bridge"


@pytest.mark.parametrize("network", ["none", "bridge", "host"])
@pytest.mark.parametrize("on_disk", [True, False])
def test_an_explicit_network_wins(plan: Plan, network: str, on_disk: bool) -> None:
    assert plan(on_disk, f"docker.network={network}").network == network


# --- environment ---------------------------------------------------------------------------------


def test_a_model_on_disk_runs_offline(plan: Plan) -> None:
    host = {"HF_TOKEN": "secret", "HF_HOME": "/somewhere"}
    assert plan(True, env=host).environment == OFFLINE  # no token: nothing to download


def test_a_hub_model_gets_hf_home_and_the_tokens(plan: Plan) -> None:
    host = {"HF_TOKEN": "t1", "HUGGING_FACE_HUB_TOKEN": "t2", "OTHER": "x", "HF_HOME": "/h"}
    assert plan(False, env=host).environment == {
        "HF_HOME": HF_HOME,
        "HF_TOKEN": "t1",
        "HUGGING_FACE_HUB_TOKEN": "t2",
    }


def test_an_empty_token_is_not_passed(plan: Plan) -> None:
    assert "HF_TOKEN" not in plan(False, env={"HF_TOKEN": "", "HF_HOME": "/h"}).environment


def test_a_hub_model_without_network_runs_offline(plan: Plan) -> None:
    environment = plan(False, "docker.network=none", env={"HF_HOME": "/h"}).environment
    assert environment == {**OFFLINE, "HF_HOME": HF_HOME}


def test_docker_env_is_merged_last(plan: Plan) -> None:
    environment = plan(True, "docker.env={HF_HUB_OFFLINE: '0', EXTRA: yes}").environment
    assert environment == {"HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "1", "EXTRA": "yes"}


# --- GPUs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "image_gpus", "expected"),
    [
        ("auto", True, GpuRequest(None)),
        ("auto", False, None),
        ("all", False, GpuRequest(None)),
        ("all", True, GpuRequest(None)),
        ("none", True, None),
        ("none", False, None),
    ],
)
def test_gpus_follow_the_setting_and_the_image(
    plan: Plan, setting: str, image_gpus: bool, expected: GpuRequest | None
) -> None:
    assert plan(True, f"docker.gpus={setting}", image_gpus=image_gpus).gpus == expected


@pytest.mark.parametrize(
    ("visible", "expected"),
    [
        ("", None),
        ("0,2", GpuRequest(("0", "2"))),
        (" 1 , 3 ,", GpuRequest(("1", "3"))),
        ("GPU-aaaa-1111", GpuRequest(("GPU-aaaa-1111",))),
    ],
)
def test_cuda_visible_devices_chooses_the_gpus(
    plan: Plan, visible: str, expected: GpuRequest | None
) -> None:
    env = {"CUDA_VISIBLE_DEVICES": visible}
    assert plan(True, "docker.gpus=all", env=env).gpus == expected


def test_gpus_none_wins_over_cuda_visible_devices(plan: Plan) -> None:
    assert plan(True, "docker.gpus=none", env={"CUDA_VISIBLE_DEVICES": "0"}).gpus is None


# --- containers.create arguments -----------------------------------------------------------------


def options_for(planned: ContainerPlan, image: str) -> dict[str, Any]:
    return create_options(planned, image, container_labels(planned.host_experiment_dir))


def test_create_options_lock_the_container_down(plan: Plan) -> None:
    planned = plan(True, "docker.shm_size=2g")
    options = options_for(planned, "llem/echo:cpu")
    assert options["image"] == "llem/echo:cpu"
    assert options["command"] == experiment_command()
    assert options["command"][-2:] == ["--events", "-"]
    assert options["user"] == f"{os.getuid()}:{os.getgid()}"
    assert options["read_only"] is True
    assert options["cap_drop"] == ["ALL"]
    assert options["security_opt"] == ["no-new-privileges"]
    assert options["init"] is True
    assert options["network_mode"] == "none"
    assert options["shm_size"] == "2g"
    assert options["environment"] == planned.environment
    assert "/tmp" in options["tmpfs"]
    assert "device_requests" not in options


def test_create_options_bind_the_planned_mounts(plan: Plan) -> None:
    planned = plan(True)
    mounts = options_for(planned, "img")["mounts"]
    assert [dict(m) for m in mounts] == [
        {"Target": m.target, "Source": m.source, "Type": "bind", "ReadOnly": m.read_only}
        for m in planned.mounts
    ]


def test_create_options_label_the_container_with_its_owner(plan: Plan) -> None:
    labels = options_for(plan(True), "img")["labels"]
    assert labels[MANAGED] == "true"
    assert labels[OWNER] == process_identity(os.getpid())
    assert labels[HOST]
    assert owner_alive(labels)


def test_the_container_is_labelled_with_the_hosts_experiment_folder(plan: Plan) -> None:
    planned = plan(True)
    labels = options_for(planned, "img")["labels"]
    assert labels[EXPERIMENT] == planned.host_experiment_dir != planned.job.experiment_dir


def test_all_gpus_are_one_device_request_for_every_gpu(plan: Plan) -> None:
    (request,) = options_for(plan(True, image_gpus=True), "img")["device_requests"]
    assert request["Count"] == -1
    assert request["DeviceIDs"] == []
    assert request["Capabilities"] == [["gpu"]]


def test_chosen_gpus_are_requested_by_id(plan: Plan) -> None:
    planned = plan(True, image_gpus=True, env={"CUDA_VISIBLE_DEVICES": "0,2"})
    (request,) = options_for(planned, "img")["device_requests"]
    assert request["DeviceIDs"] == ["0", "2"]
    assert request["Capabilities"] == [["gpu"]]


@pytest.mark.parametrize(
    ("status", "expected"),
    [(0, 0), (1, 1), (2, 2), (128, 128), (129, -1), (137, -9), (139, -11), (143, -15), (255, 255)],
)
def test_a_signal_death_reported_by_init_becomes_a_negative_signal(
    status: int, expected: int
) -> None:
    assert _as_exitcode(status) == expected


# --- labels: who owns a container ----------------------------------------------------------------


def _started_at(identity: str) -> float:
    """The wall-clock start of the process named by ``<pid>:<start ticks>``."""
    ticks = int(identity.partition(":")[2])
    boot = next(
        float(line.split()[1])
        for line in Path("/proc/stat").read_text().splitlines()
        if line.startswith("btime ")
    )
    return boot + ticks / os.sysconf("SC_CLK_TCK")


@pytest.fixture
def dead_identity() -> str:
    """The identity a process had, taken while it ran; it has ended (and been reaped) since."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    identity = process_identity(child.pid)
    child.communicate(b"")
    assert identity is not None
    return identity


def test_process_identity_is_the_pid_and_its_start_time() -> None:
    before = time.time()
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=-1)
    try:
        identity = process_identity(child.pid)
    finally:
        child.communicate(b"")
    assert identity is not None
    pid, _, ticks = identity.partition(":")
    assert pid == str(child.pid)
    assert ticks.isdigit()
    assert before - 2 <= _started_at(identity) <= time.time() + 2  # the start time field


def test_process_identity_of_this_process_is_stable() -> None:
    identity = process_identity(os.getpid())
    assert identity is not None
    assert identity.startswith(f"{os.getpid()}:")
    assert process_identity(os.getpid()) == identity
    assert _started_at(identity) <= time.time()


def test_process_identity_of_no_process_is_none(dead_identity: str) -> None:
    assert process_identity(int(dead_identity.partition(":")[0])) is None


def test_the_owner_is_alive_while_this_process_runs() -> None:
    assert owner_alive(container_labels("/x"))
    assert owner_alive({OWNER: str(os.getpid())})  # a bare pid is probed


def test_a_dead_owner_is_not_alive(dead_identity: str) -> None:
    assert not owner_alive({OWNER: dead_identity})
    assert not owner_alive({OWNER: dead_identity.partition(":")[0]})


def test_a_reused_pid_is_not_the_owner() -> None:
    identity = process_identity(os.getpid())
    assert identity is not None
    ticks = int(identity.partition(":")[2])
    assert not owner_alive({OWNER: f"{os.getpid()}:{ticks + 1}"})


@pytest.mark.parametrize("owner", [None, "", "abc", ":123", "-1:5"])
def test_an_unreadable_owner_is_not_alive(owner: str | None) -> None:
    labels = {MANAGED: "true"} if owner is None else {OWNER: owner}
    assert not owner_alive(labels)
