"""What goes into a wheelhouse: the ``pip download`` plan, the requirements the image is asked
to hold, and ``requirements.txt`` (every dependency wheel pinned exactly)."""

from __future__ import annotations

from pathlib import Path

from llem.images.dist_source import DistSource
from llem.images.local_wheels import wheel_requirements
from llem.images.pip_command import platform_tags
from llem.images.target import ImageTarget
from llem.images.wheel_download import Download
from llem.images.wheel_names import wheel_pin

REQUIREMENTS = "requirements.txt"
Sources = tuple[DistSource, DistSource]
"""llem-core and the engine plugin's distribution."""


def write_requirements(path: Path, wheels: list[str], wanted: tuple[str, ...]) -> None:
    """Every dependency wheel pinned exactly, under a comment naming what was asked for."""
    header = ["# Resolved on the host (pip download) from:", *(f"#   {line}" for line in wanted)]
    path.write_text("\n".join([*header, *(wheel_pin(wheel) for wheel in wheels)]) + "\n")


def download_plan(
    target: ImageTarget,
    arch: str,
    sources: Sources,
    local: list[Path | None],
) -> Download:
    """What ``pip download`` fetches: llem-core, the plugin with the variant's extra, its
    requirements; a local wheel is named by its path, so pip never looks for it on an index."""
    core, plugin = (
        str(wheel) if wheel else source.pinned for source, wheel in zip(sources, local, strict=True)
    )
    return Download(
        requirements=(core, with_extra(plugin, target.image.extra), *target.image.requirements),
        python=target.image.python,
        platforms=tuple(platform_tags(arch)),
        pip_args=target.image.pip_args,
        key_parts=(
            *(_key_part(s, w) for s, w in zip(sources, local, strict=True)),
            # The key leaves requirements out (a local wheel's path may change); what the
            # variant asks for decides the resolution all the same.
            f"extra={target.image.extra}",
            *target.image.requirements,
        ),
    )


def wanted_requirements(
    target: ImageTarget, sources: Sources, local: list[Path | None]
) -> tuple[str, ...]:
    """What the image is asked to hold: llem-core and the plugin (with the variant's extra) at the
    versions of their wheels, and the variant's requirements."""
    core, plugin = (_pin(source, wheel) for source, wheel in zip(sources, local, strict=True))
    return (core, with_extra(plugin, target.image.extra), *target.image.requirements)


def _pin(source: DistSource, wheel: Path | None) -> str:
    if wheel is None:
        return source.pinned
    name, version, *_ = wheel_requirements(wheel)
    return f"{name}=={version}"


def with_extra(requirement: str, extra: str) -> str:
    """``name[extra]==1.0`` from ``name==1.0``; ``path.whl[extra]`` from a wheel path."""
    name, separator, rest = requirement.partition("==")
    return f"{name}[{extra}]{separator}{rest}"


def _key_part(source: DistSource, wheel: Path | None) -> str:
    return "\n".join(wheel_requirements(wheel)) if wheel else source.pinned
