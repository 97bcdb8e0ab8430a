"""attrs validators whose errors name the field, so config errors can point at the YAML key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


class FieldValueError(ValueError):
    """A value outside its allowed range; ``field`` is the attribute name."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def at_least(minimum: float) -> Any:
    """Reject values below ``minimum`` (``None`` passes: use it on required fields or optionals)."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and value < minimum:
            raise FieldValueError(attribute.name, f"must be >= {minimum}, got {value!r}")

    return check


def between(low: float, high: float, *, low_open: bool = False) -> Any:
    """Reject values outside ``[low, high]`` (or ``(low, high]`` with ``low_open``)."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None:
            return
        too_low = value <= low if low_open else value < low
        if too_low or value > high:
            bracket = "(" if low_open else "["
            raise FieldValueError(
                attribute.name, f"must be in {bracket}{low}, {high}], got {value!r}"
            )

    return check


def not_below(sibling: str) -> Any:
    """Reject a value below the value of the sibling field ``sibling`` (a range's upper end)."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        other = getattr(instance, sibling)
        if value is not None and other is not None and value < other:
            raise FieldValueError(
                attribute.name, f"must be >= {sibling} ({other!r}), got {value!r}"
            )

    return check


def not_set_by_llem(set_by_llem: Mapping[str, Mapping[str, str]]) -> Any:
    """Reject keys of a pass-through section (an engine's ``engine_args``) that llem sets itself,
    naming where to set each instead: ``set_by_llem[field][key]``."""

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        owned = set_by_llem[attribute.name]
        clashes = sorted(key for key in value if key in owned)
        if clashes:
            where = ", ".join(f"{key} (set {owned[key]})" for key in clashes)
            raise FieldValueError(attribute.name, f"llem sets these itself: {where}")

    return check


def non_empty(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject an empty string."""
    if isinstance(value, str) and not value.strip():
        raise FieldValueError(attribute.name, "must not be empty")


def path_component_problem(value: str) -> str | None:
    """Why ``value`` cannot name one folder inside another (``None`` when it can): a name becomes
    ``<output_dir>/<name>_<time>``, and ``../x`` or ``/x`` would write outside ``output_dir``."""
    if "/" in value or "\\" in value:
        return f"must be a single folder name, without '/' or '\\', got {value!r}"
    if value.strip() in (".", ".."):
        return f"must be a folder name, not {value!r}"
    return None


def single_path_component(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject a name that is not one path component (see :func:`path_component_problem`)."""
    problem = path_component_problem(value) if isinstance(value, str) else None
    if problem:
        raise FieldValueError(attribute.name, problem)
