"""Whether a Docker engine answers here, without the docker SDK (``llem config`` stays light)."""

from __future__ import annotations

import os
import shutil
import socket

DEFAULT_SOCKET = "/var/run/docker.sock"
PING = b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"


def docker_status(timeout_s: float = 1.0) -> str:
    """``"available (...)"`` or ``"not available: <why>"``."""
    client = shutil.which("docker")
    host = os.environ.get("DOCKER_HOST", f"unix://{DEFAULT_SOCKET}")
    if not host.startswith("unix://"):
        return f"DOCKER_HOST={host} (not probed); docker CLI: {client or 'absent'}"
    path = host.removeprefix("unix://")
    try:
        answer = _ping(path, timeout_s)
    except OSError as error:
        return f"not available: no engine answers at {path} ({error.strerror or error})"
    state = "available" if b" 200 " in answer.split(b"\r\n", 1)[0] else "not answering /_ping"
    return f"{state} at {path}; docker CLI: {client or 'absent'}"


def _ping(path: str, timeout_s: float) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout_s)
        connection.connect(path)
        connection.sendall(PING)
        return connection.recv(256)
