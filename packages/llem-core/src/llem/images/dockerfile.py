"""An engine's Dockerfile (package data) and the base image it is built on.

Every engine Dockerfile takes ``ARG BASE=<public default>`` before its first ``FROM``. The base is,
first to last: ``--base``, the ``LLEM_IMAGE_BASE`` environment variable, the Dockerfile's default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from llem.errors import UsageError
from llem.records import ImageSpec
from llem.rules import package_data

BASE_ENV = "LLEM_IMAGE_BASE"
BASE_ARG = re.compile(r"^\s*ARG\s+BASE\s*=\s*(?P<value>\S+)\s*$", re.MULTILINE)


def read_dockerfile(image: ImageSpec) -> str:
    """The text of ``image.dockerfile`` (``"package:relative/path"``)."""
    try:
        return package_data.read_text(image.dockerfile)
    except package_data.PackageDataError as error:
        raise UsageError(f"cannot read the Dockerfile {image.dockerfile}: {error}") from error


def default_base(dockerfile: str) -> str | None:
    """The default of ``ARG BASE`` in ``dockerfile``, or ``None`` when it has none."""
    match = BASE_ARG.search(dockerfile)
    return match["value"].strip("\"'") if match else None


def choose_base(
    dockerfile: str, base: str | None = None, environ: Mapping[str, str] = os.environ
) -> str:
    """``base``, else ``$LLEM_IMAGE_BASE``, else the Dockerfile's default."""
    chosen = base or environ.get(BASE_ENV) or default_base(dockerfile)
    if not chosen:
        raise UsageError(f"the Dockerfile has no default base image: pass --base or set {BASE_ENV}")
    return chosen
