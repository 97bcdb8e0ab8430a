"""Which image to build or look for: an engine, one of its image variants, and the installed
distributions that go into it."""

from __future__ import annotations

import importlib.metadata

import attrs

from llem.errors import UsageError
from llem.plugins.loader import CORE_DISTRIBUTION
from llem.plugins.registry import Registry
from llem.records import EngineSpec, ImageSpec


@attrs.frozen
class ImageTarget:
    """An engine image variant and the versions installed on this host that it is built from."""

    engine: EngineSpec
    image: ImageSpec
    distribution: str
    """The distribution of the engine plugin (``llem-engine-transformers``)."""
    plugin_version: str
    core_version: str

    @property
    def variant(self) -> str:
        return self.image.variant

    @property
    def default_tag(self) -> str:
        return default_tag(self.engine.name, self.variant)


def default_tag(engine: str, variant: str) -> str:
    """``llem-transformers:cpu``: the tag ``llem image build`` gives and the docker runner uses."""
    return f"llem-{engine}:{variant}"


def rebuild_command(engine: str, variant: str, tag: str | None = None) -> str:
    """The command that builds (or rebuilds) the image of ``engine`` and ``variant``, tagged
    ``tag`` (``--tag`` is left out for the default tag)."""
    command = f"llem image build {engine} --variant {variant}"
    custom = tag is not None and tag != default_tag(engine, variant)
    return f"{command} --tag {tag}" if custom else command


def image_target(registry: Registry, engine: str, variant: str) -> ImageTarget:
    """Resolve ``engine`` and ``variant`` against the loaded plugins; a clear error otherwise."""
    spec, distribution = _engine(registry, engine)
    return ImageTarget(
        engine=spec,
        image=_variant(spec, variant),
        distribution=distribution,
        plugin_version=importlib.metadata.version(distribution),
        core_version=importlib.metadata.version(CORE_DISTRIBUTION),
    )


def _engine(registry: Registry, engine: str) -> tuple[EngineSpec, str]:
    if engine not in registry.engines:
        raise UsageError(
            f"unknown engine {engine!r}; engines: {', '.join(sorted(registry.engines))}"
        )
    registered = registry.engines[engine]
    if registered.distribution is None:
        raise UsageError(
            f"engine {engine!r} is not from an installed distribution, so it cannot be installed"
            " into an image"
        )
    return registered.spec, registered.distribution


def _variant(spec: EngineSpec, variant: str) -> ImageSpec:
    image = spec.image(variant)
    if image is not None:
        return image
    if not spec.images:
        raise UsageError(f"engine {spec.name!r} ships no container image")
    variants = ", ".join(i.variant for i in spec.images)
    raise UsageError(f"engine {spec.name!r} has no image variant {variant!r}; variants: {variants}")
