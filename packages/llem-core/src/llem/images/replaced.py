"""The image a rebuild displaced: the tag moves to the new build and the old image is left
untagged, with its layers, on the Docker engine. Removed unless something still uses it, so that
rebuilding an engine image after each upgrade does not fill the disk (a dozen rebuilds of the
vLLM image hold tens of GB)."""

from __future__ import annotations

from typing import Any

import attrs

from llem.images.daemon import image_or_none


@attrs.frozen
class ReplacedImage:
    """The image that held the tag before the build: removed, or kept with the reason."""

    id: str
    size: int
    removed: bool
    kept_because: str | None = None


def tagged_id(client: Any, name: str) -> str | None:
    """The id of the image tagged ``name`` now, or ``None``."""
    image = image_or_none(client, name)
    return None if image is None else str(image.id)


def remove_replaced(client: Any, previous_id: str | None, new_id: str) -> ReplacedImage | None:
    """Remove the image ``previous_id`` if the build moved its tag away and nothing else
    references it: still tagged elsewhere, or used by a container, it is kept and said why."""
    previous = None if previous_id in (None, new_id) else image_or_none(client, previous_id)
    if previous is None:
        return None
    size = int(previous.attrs.get("Size", 0))
    if previous.tags:
        return ReplacedImage(previous.id, size, False, f"still tagged {', '.join(previous.tags)}")
    return _remove(client, previous.id, size)


def _remove(client: Any, image_id: str, size: int) -> ReplacedImage:
    import docker

    try:
        client.images.remove(image_id, noprune=False)
    except docker.errors.APIError as error:  # 409: a container (even a stopped one) uses it
        reason = str(error.explanation or error)
        return ReplacedImage(image_id, size, False, reason)
    return ReplacedImage(image_id, size, True)
