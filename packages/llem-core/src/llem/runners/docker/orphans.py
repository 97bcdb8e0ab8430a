"""Containers left by a host that died before it could remove them: removed at the next start."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from llem.runners.docker.labels import HOST, MANAGED, owner_alive


def remove_orphans(client: Any) -> list[str]:
    """Remove this machine's llem containers whose host process is gone; return their names."""
    from docker.errors import DockerException

    removed = []
    filters = {"label": [f"{MANAGED}=true", f"{HOST}={socket.gethostname()}"]}
    for container in client.containers.list(all=True, filters=filters):
        if owner_alive(container.labels):
            continue
        with contextlib.suppress(DockerException):
            container.remove(force=True)
            removed.append(container.name)
    return removed
