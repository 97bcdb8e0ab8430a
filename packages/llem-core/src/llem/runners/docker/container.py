"""One experiment's container: created from a :class:`ContainerPlan`, its output streamed, and
removed whatever happens."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from llem.errors import RuntimeMissingError
from llem.experiment.job import JOB_FILE
from llem.runners.docker.plan import EXPERIMENT_DIR, ContainerPlan
from llem.runners.exit_reason import died_message

STOP_GRACE_SECONDS = 3
ALIVE = ("created", "running", "restarting")
NO_GPU_RUNTIME = (
    "this image runs on GPUs, but Docker here cannot give a container GPUs ({error}).\n"
    "  Install the NVIDIA Container Toolkit, or run the CPU image (runner: docker:cpu), or set"
    " docker.gpus: none."
)


def experiment_command() -> list[str]:
    job = f"{EXPERIMENT_DIR}/{JOB_FILE}"
    return ["python", "-m", "llem.experiment", job, "--events", "-"]


def create_options(plan: ContainerPlan, image: str, labels: dict[str, str]) -> dict[str, Any]:
    """The ``containers.create`` arguments: the invoking user, no privileges, a read-only root
    with a private ``/tmp``, an init process reaping the engine's children."""
    from docker.types import DeviceRequest, Mount

    options: dict[str, Any] = {
        "image": image,
        "command": experiment_command(),
        "user": f"{os.getuid()}:{os.getgid()}",
        "environment": plan.environment,
        "labels": labels,
        "mounts": [
            Mount(m.target, m.source, type="bind", read_only=m.read_only) for m in plan.mounts
        ],
        "network_mode": plan.network,
        "shm_size": plan.job.config.docker.shm_size,
        "read_only": True,
        "tmpfs": {"/tmp": "exec"},
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges"],
        "init": True,
        "working_dir": "/tmp",
        "stdin_open": False,
        "tty": False,
    }
    if plan.gpus is not None:
        ids = list(plan.gpus.device_ids) if plan.gpus.device_ids is not None else None
        count = None if ids is not None else -1
        options["device_requests"] = [
            DeviceRequest(device_ids=ids, count=count, capabilities=[["gpu"]])
        ]
    return options


@attrs.define
class ExperimentContainer:
    """A started container; the relay's :class:`~llem.runners.relay.ExperimentHandle`."""

    client: Any
    container: Any

    def is_alive(self) -> bool:
        from docker.errors import NotFound

        try:
            self.container.reload()
        except NotFound:
            return False
        return self.container.status in ALIVE

    def died_message(self) -> str:
        state = self.container.attrs.get("State", {})
        if state.get("OOMKilled"):
            return died_message(-int(signal.SIGKILL))
        return died_message(_as_exitcode(int(state.get("ExitCode", 1))))

    def output(self) -> Iterator[tuple[bytes | None, bytes | None]]:
        """(stdout, stderr) chunks from the container's start until it ends."""
        stream: Iterator[tuple[bytes | None, bytes | None]] = self.client.api.attach(
            self.container.id, stdout=True, stderr=True, stream=True, logs=True, demux=True
        )
        return stream

    def finish(self, grace_s: float) -> None:
        """After the experiment reported: let it exit by itself, then remove it."""
        from docker.errors import DockerException

        with contextlib.suppress(DockerException):
            self.container.wait(timeout=grace_s)
        self.remove()

    def stop(self) -> None:
        from docker.errors import DockerException

        with contextlib.suppress(DockerException):
            self.container.stop(timeout=STOP_GRACE_SECONDS)
        self.remove()

    def remove(self) -> None:
        from docker.errors import DockerException

        with contextlib.suppress(DockerException):
            self.container.remove(force=True)


def _as_exitcode(status: int) -> int:
    """The init process reports a signal death as 128 + signal: give it back as ``-signal``."""
    return -(status - 128) if 128 < status < 128 + 65 else status


def start_container(
    client: Any, plan: ContainerPlan, image: str, labels: dict[str, str]
) -> ExperimentContainer:
    """Create and start; a container that fails to start is removed, and a daemon without a GPU
    runtime is named as the cause."""
    from docker.errors import APIError

    container = client.containers.create(**create_options(plan, image, labels))
    try:
        container.start()
    except APIError as error:
        with contextlib.suppress(APIError):
            container.remove(force=True)
        if plan.gpus is not None and "device driver" in str(error):
            raise RuntimeMissingError(NO_GPU_RUNTIME.format(error=error.explanation)) from None
        raise
    return ExperimentContainer(client, container)


def split_output(
    chunks: Iterator[tuple[bytes | None, bytes | None]], write_log: Callable[[bytes], None]
) -> Iterator[bytes]:
    """The stdout chunks (the event channel); stderr goes to ``write_log`` as it comes."""
    for stdout, stderr in chunks:
        if stderr:
            write_log(stderr)
        if stdout:
            yield stdout
