"""The Docker engine, through the ``docker`` SDK (imported here only, never by ``llem --help``)."""

from __future__ import annotations

from typing import Any

from llem.errors import ImageError

HOW_TO_START = (
    "start one (`sudo systemctl start docker`; in a llem checkout:"
    " `python scripts/docker_engine.py ensure`), or point DOCKER_HOST at one"
)
API_TIMEOUT_S = 3600
"""Build output can pause for minutes (installing torch); the SDK's default is 60 s."""


def docker_client() -> Any:
    """A connected ``docker.DockerClient``; a clear :class:`ImageError` when none answers."""
    try:
        import docker
    except ImportError as error:
        raise ImageError(
            f"the docker SDK is not installed ({error}): pip install docker"
        ) from error
    try:
        client = docker.from_env(timeout=API_TIMEOUT_S)
        client.ping()
    except (docker.errors.DockerException, OSError) as error:  # requests' errors are OSErrors
        raise ImageError(f"no Docker engine answers: {error}\n{HOW_TO_START}") from error
    return client


def engine_arch(client: Any) -> str:
    """The Docker engine's architecture (``amd64``, ``arm64``)."""
    return str(client.version().get("Arch", "amd64"))


def image_or_none(client: Any, name: str) -> Any:
    """The local image ``name`` (a ``docker.models.images.Image``), or ``None``."""
    import docker

    try:
        return client.images.get(name)
    except docker.errors.ImageNotFound:
        return None
