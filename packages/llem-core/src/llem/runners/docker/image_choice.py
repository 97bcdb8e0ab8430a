"""Which image an experiment runs in: ``docker`` picks the engine's variant for this machine,
``docker:cpu`` / ``docker:cuda`` name a variant, ``docker:IMAGE`` names an image."""

from __future__ import annotations

from llem.images import labels as image_labels
from llem.images.find import FoundImage, check_image, find_image
from llem.images.target import image_target
from llem.plugins.registry import Registry
from llem.records import EngineSpec


def default_variant(spec: EngineSpec, has_gpu: bool) -> str:
    variants = [image.variant for image in spec.images]
    return "cuda" if has_gpu and "cuda" in variants else "cpu"


def choose_image(
    registry: Registry, engine: str, argument: str | None, has_gpu: bool
) -> FoundImage:
    """The image, checked before anything starts: present, built for ``engine``, matching the
    installed llem and plugin (an :class:`~llem.errors.ImageError` naming the rebuild command)."""
    spec = registry.engine(engine)
    if argument is None or spec.image(argument) is not None:
        variant = argument or default_variant(spec, has_gpu)
        return check_image(image_target(registry, engine, variant))
    variant = find_image(engine, "cpu", argument).labels.get(image_labels.VARIANT, "cpu")
    return check_image(image_target(registry, engine, variant), argument)


def wants_gpus(image: FoundImage) -> bool:
    return image.labels.get(image_labels.GPUS) == "true"
