"""The image a ``docker`` runner uses for an engine variant, and the handshake with its labels."""

from __future__ import annotations

import attrs

from llem.errors import ImageError
from llem.images.daemon import docker_client, image_or_none
from llem.images.labels import ENGINE, expected_labels
from llem.images.mismatch import image_mismatches, mismatch_message
from llem.images.target import ImageTarget, default_tag, rebuild_command


@attrs.frozen
class FoundImage:
    """A local engine image: the name it was asked for, its id and labels."""

    name: str
    id: str
    labels: dict[str, str]


def find_image(engine: str, variant: str, image: str | None = None) -> FoundImage:
    """The local image ``image`` (default ``llem-<engine>:<variant>``) with its labels; an
    :class:`ImageError` naming ``llem image build ...`` when it is absent or not an engine image."""
    name = image or default_tag(engine, variant)
    found = image_or_none(docker_client(), name)
    if found is None:
        raise ImageError(
            f"no image {name} on this Docker engine; build it with:"
            f" {rebuild_command(engine, variant, name)}"
        )
    labels = dict(found.labels or {})
    if ENGINE not in labels:
        raise ImageError(f"image {name} is not a llem engine image (it has no {ENGINE} label)")
    return FoundImage(name, str(found.id), labels)


def check_image(target: ImageTarget, image: str | None = None) -> FoundImage:
    """:func:`find_image`, then refuse an image whose labels disagree with what is installed."""
    found = find_image(target.engine.name, target.variant, image)
    mismatches = image_mismatches(found.labels, expected_labels(target))
    if mismatches:
        raise ImageError(
            mismatch_message(found.name, mismatches, target.engine.name, target.variant)
        )
    return found
