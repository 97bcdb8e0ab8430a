"""``python -m llem.runners.docker.reaper OWNER``: a small detached process that removes the
containers labelled with the host's identity when the host dies, even by SIGKILL (a container is
no child of the host: nothing else would stop it).

It starts *before* the container is created, so no moment exists in which a killed host leaves a
container nobody watches. It learns how the host ended from its stdin, a pipe only the host holds:
the host writes ``done`` when it has removed the container itself; a pipe closed without it means
the kernel closed it for a dead host."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from typing import IO

DONE = b"done"
SWEEP_DELAYS_S = (0.0, 2.0, 5.0)
"""A create request in flight when the host died may still finish in the daemon: sweep again."""


def start_reaper(owner: str, environment: dict[str, str]) -> subprocess.Popen[bytes] | None:
    """Start it in a session of its own (a Ctrl-C at the terminal must not end it early)."""
    command = [sys.executable, "-m", "llem.runners.docker.reaper", owner]
    with contextlib.suppress(OSError):
        return subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,
        )
    return None


def release_reaper(reaper: subprocess.Popen[bytes]) -> None:
    """The host removed its container: tell the reaper to leave; do not wait for it."""
    with contextlib.suppress(OSError, ValueError):
        assert reaper.stdin is not None
        reaper.stdin.write(DONE)
        reaper.stdin.close()
    reaper.poll()


def remove_owned(owner: str) -> None:
    import docker
    from docker.errors import DockerException

    from llem.runners.docker.labels import MANAGED, OWNER

    with contextlib.suppress(DockerException):
        client = docker.from_env()
        filters = {"label": [f"{MANAGED}=true", f"{OWNER}={owner}"]}
        for container in client.containers.list(all=True, filters=filters):
            with contextlib.suppress(DockerException):
                container.remove(force=True)


def watch(owner: str, host: IO[bytes]) -> None:
    import docker  # noqa: F401  (imported now, so the sweep starts at once when the host dies)

    if host.read().startswith(DONE):
        return
    for delay in SWEEP_DELAYS_S:
        time.sleep(delay)
        remove_owned(owner)


if __name__ == "__main__":
    watch(sys.argv[1], sys.stdin.buffer)
