"""Distribution names and versions read from wheel file names (PEP 427)."""

from __future__ import annotations

import re
from collections.abc import Iterable

SEPARATORS = re.compile(r"[-_.]+")


def normalize(name: str) -> str:
    """The PEP 503 normal form: ``Ruamel.YAML_clib`` -> ``ruamel-yaml-clib``."""
    return SEPARATORS.sub("-", name).lower()


def wheel_name(filename: str) -> str:
    """The normalized distribution name of a wheel file."""
    return normalize(filename.split("-")[0])


def wheel_pin(filename: str) -> str:
    """``name==version`` of a wheel file (``torch==2.13.0+cpu``)."""
    name, version = filename.split("-")[:2]
    return f"{normalize(name)}=={version}"


def split_wheels(wheels: Iterable[str], own: Iterable[str]) -> tuple[list[str], list[str]]:
    """``(others, owned)``: the wheels whose distribution is not / is one of ``own``."""
    names = {normalize(name) for name in own}
    ordered = sorted(wheels)
    owned = [wheel for wheel in ordered if wheel_name(wheel) in names]
    return [wheel for wheel in ordered if wheel not in owned], owned
