"""Inside an engine image, the engine library must be exactly the version the image was built
for: a measurement taken with another version would be labelled with the wrong one."""

from __future__ import annotations

import os
from collections.abc import Mapping

from llem.engine_library import installed_library
from llem.errors import EngineVersionError
from llem.records import EngineSpec

IMAGE_VARIABLE = "LLEM_IMAGE"
"""Set (to ``1``) by every engine image's Dockerfile."""


def in_image(env: Mapping[str, str] | None = None) -> bool:
    return (os.environ if env is None else env).get(IMAGE_VARIABLE) == "1"


def require_pinned_library(spec: EngineSpec) -> None:
    """Raise :class:`EngineVersionError` (exit 3) when the installed library differs from the
    engine's pin. Engines without a pin are not checked."""
    if spec.library is None or spec.library_version is None:
        return
    installed = installed_library(spec)
    if installed is None or installed[1] != spec.library_version:
        found = " ".join(installed) if installed else f"no {spec.library}"
        raise EngineVersionError(
            f"engine {spec.name!r} is pinned to {spec.library} {spec.library_version}, but this"
            f" environment has {found}; rebuild the image: llem image build {spec.name}"
        )
