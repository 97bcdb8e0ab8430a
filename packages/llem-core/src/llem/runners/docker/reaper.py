"""``python -m llem.runners.docker.reaper HOST_PID CONTAINER``: a small detached process that
removes the container when the host dies, even by SIGKILL (a container is no child of the host:
nothing else would stop it). It leaves as soon as the container is gone."""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys

POLL_SECONDS = 1.0


def start_reaper(container_id: str, environment: dict[str, str]) -> subprocess.Popen[bytes] | None:
    """Start it in a session of its own (a Ctrl-C at the terminal must not end it early)."""
    if not hasattr(os, "pidfd_open"):
        return None
    command = [sys.executable, "-m", "llem.runners.docker.reaper", str(os.getpid()), container_id]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,
    )


def watch(host_pid: int, container_id: str) -> None:
    import docker
    from docker.errors import DockerException, NotFound

    client = docker.from_env()
    try:
        host = os.pidfd_open(host_pid)
    except ProcessLookupError:
        host = None
    while host is not None and not select.select([host], [], [], POLL_SECONDS)[0]:
        try:
            client.containers.get(container_id)
        except NotFound:
            return
        except DockerException:
            continue
    with contextlib.suppress(DockerException):
        client.containers.get(container_id).remove(force=True)


if __name__ == "__main__":
    watch(int(sys.argv[1]), sys.argv[2])
