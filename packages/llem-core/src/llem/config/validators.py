"""attrs validators whose errors name the field, so config errors can point at the YAML key."""

from __future__ import annotations

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


def non_empty(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Reject an empty string."""
    if isinstance(value, str) and not value.strip():
        raise FieldValueError(attribute.name, "must not be empty")
