"""Every local engine image (an image with an ``org.llem.engine`` label) and whether it matches
the installed llem and plugins."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

import attrs

from llem.errors import LlemError
from llem.images import labels as label
from llem.images.daemon import docker_client
from llem.images.mismatch import image_mismatches
from llem.images.target import image_target
from llem.plugins.registry import Registry

Expected = Callable[[str, str], dict[str, str]]
"""``expected(engine, variant)``: the labels an up-to-date image carries; raises when unknown."""


@attrs.frozen
class ImageRow:
    """One tag of an engine image. ``problems``: why it does not match (empty: it matches)."""

    name: str
    id: str
    size: int
    created: str
    engine: str
    variant: str
    library_version: str
    problems: tuple[str, ...]
    labels: dict[str, str]

    @property
    def matches(self) -> bool:
        return not self.problems


def list_images(registry: Registry) -> list[ImageRow]:
    """Every tagged local engine image, sorted by name."""
    images = docker_client().images.list(filters={"label": label.ENGINE, "dangling": False})
    expected = cache(partial(_expected, registry))
    rows = [_row(image, tag, expected) for image in images for tag in image.tags]
    return sorted(rows, key=lambda row: row.name)


def _expected(registry: Registry, engine: str, variant: str) -> dict[str, str]:
    return label.expected_labels(image_target(registry, engine, variant))


def _row(image: Any, tag: str, expected: Expected) -> ImageRow:
    labels = dict(image.labels or {})
    engine, variant = labels.get(label.ENGINE, ""), labels.get(label.VARIANT, "")
    return ImageRow(
        name=tag,
        id=image.short_id.removeprefix("sha256:"),
        size=int(image.attrs.get("Size", 0)),
        created=str(image.attrs.get("Created", ""))[:19].replace("T", " "),
        engine=engine,
        variant=variant,
        library_version=labels.get(label.LIBRARY_VERSION, "?"),
        problems=tuple(_problems(labels, engine, variant, expected)),
        labels=labels,
    )


def _problems(labels: dict[str, str], engine: str, variant: str, expected: Expected) -> list[str]:
    try:
        return image_mismatches(labels, expected(engine, variant))
    except LlemError as error:  # the engine or its variant is not installed here
        return [str(error)]
