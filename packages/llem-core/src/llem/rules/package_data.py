"""Files an engine package ships as data, named ``"package:relative/path"`` in its EngineSpec."""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path


class PackageDataError(ValueError):
    """A resource that cannot be read; the message is the bare reason, for callers to place."""


class MalformedResourceName(PackageDataError):
    """The name is not ``"package:relative/path"``."""


def locate(resource: str) -> Traversable:
    """The resource as a traversable (importing only ``package``)."""
    package, colon, relative = resource.partition(":")
    if not (colon and package and relative):
        raise MalformedResourceName(f"{resource!r} is not of the form 'package:relative/path'")
    try:
        return importlib.resources.files(package).joinpath(*relative.split("/"))
    except (ImportError, TypeError, ValueError) as error:
        raise PackageDataError(str(error)) from error


def read_text(resource: str) -> str:
    try:
        return locate(resource).read_text(encoding="utf-8")
    except OSError as error:
        raise PackageDataError(str(error)) from error


def file_path(resource: str) -> Path | None:
    """The file on disk the resource is, or ``None`` (e.g. inside a zip)."""
    target = locate(resource)
    return target if isinstance(target, Path) else None


def origin(resource: str) -> str:
    """``"llem_transformers/rules.yaml"`` for ``"llem_transformers:rules.yaml"``."""
    return resource.replace(":", "/", 1)
