"""Strict structure hooks: a config value must already have the right type.

cattrs' defaults convert (``int("10")``, ``bool("no") is True``); a config file that says
``n_prompts: ten`` or ``fixed_output_length: "yes"`` is a mistake to report, not to coerce.
An ``int`` is accepted where a ``float`` is expected; nothing else is converted.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory, is_sequence, list_structure_factory
from cattrs.gen import make_dict_structure_fn

from llem.config.suggest import did_you_mean

StructureHook = Callable[[Any, Any], Any]

_KIND_NAMES: dict[type, str] = {
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a float",
}


class ConfigValueError(ValueError):
    """A value of the wrong type or not among the allowed ones; the message is shown as is."""


def describe_value(value: object) -> str:
    """``'ten' (a string)``, ``2.5 (a float)``, ``null``, ``a mapping``, ``a list``."""
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    shown = str(value).lower() if isinstance(value, bool) else repr(value)
    return f"{shown} ({_KIND_NAMES.get(type(value), type(value).__name__)})"


def structure_int(value: Any, _type: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ConfigValueError(f"expected an integer, got {describe_value(value)}")


def structure_float(value: Any, _type: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ConfigValueError(
                f"expected a finite number, got {value}; where a setting allows no limit, it"
                " is spelled null"
            )
        return float(value)
    raise ConfigValueError(f"expected a number, got {describe_value(value)}")


def structure_bool(value: Any, _type: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigValueError(f"expected true or false, got {describe_value(value)}")


def structure_str(value: Any, _type: Any) -> str:
    if isinstance(value, str):
        return value
    hint = "; put it in quotes to make it text" if isinstance(value, (int, float)) else ""
    raise ConfigValueError(f"expected a string, got {describe_value(value)}{hint}")


def is_literal(type_: Any) -> bool:
    return get_origin(type_) is Literal


def literal_hook(literal_type: Any) -> StructureHook:
    """Accept exactly one of the ``Literal``'s values (``1`` is not ``True`` here)."""
    allowed = get_args(literal_type)

    def structure(value: Any, _type: Any) -> Any:
        if any(type(value) is type(option) and value == option for option in allowed):
            return value
        raise ConfigValueError(_not_allowed_message(value, allowed))

    return structure


def _not_allowed_message(value: Any, allowed: tuple[Any, ...]) -> str:
    listing = ", ".join(repr(option) for option in allowed)
    if isinstance(value, str):
        hint = did_you_mean(value, [str(option) for option in allowed])
        return f"must be one of {listing}, got {value!r}{hint}"
    return f"must be one of {listing}, got {describe_value(value)}"


def is_homogeneous_sequence(type_: Any) -> bool:
    """``list[X]``, ``Sequence[X]``, ``tuple[X, ...]`` (not a fixed-length tuple)."""
    args = get_args(type_)
    fixed_tuple = get_origin(type_) is tuple and bool(args) and args[-1] is not Ellipsis
    return is_sequence(type_) and not fixed_tuple


def sequence_hook(type_: Any, converter: cattrs.Converter) -> StructureHook:
    """cattrs' sequence hooks accept any iterable, so ``"abc"`` would become ``["a", "b", "c"]``."""
    is_tuple = get_origin(type_) is tuple or type_ is tuple
    factory = homogenous_tuple_structure_factory if is_tuple else list_structure_factory
    inner = factory(type_, converter)

    def structure(value: Any, target: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise ConfigValueError(f"expected a list, got {describe_value(value)}")
        return inner(value, target)

    return structure


def require_mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ConfigValueError(f"expected a mapping of keys, got {describe_value(value)}")
    return value


def class_hook(cls: type, converter: cattrs.Converter, **overrides: Any) -> StructureHook:
    """cattrs' generated hook for an attrs class, refusing anything but a mapping."""
    generated: StructureHook = make_dict_structure_fn(cls, converter, **overrides)

    def structure(value: Any, target: Any) -> Any:
        return generated(require_mapping(value), target)

    return structure


def register_strict_hooks(converter: cattrs.Converter) -> None:
    for scalar_type, hook in (
        (int, structure_int),
        (float, structure_float),
        (bool, structure_bool),
        (str, structure_str),
    ):
        converter.register_structure_hook(scalar_type, hook)
    converter.register_structure_hook_factory(is_literal, literal_hook)
    converter.register_structure_hook_factory(is_homogeneous_sequence, sequence_hook)
    converter.register_structure_hook_factory(_is_attrs_class, _class_hook_factory)


def _is_attrs_class(type_: Any) -> bool:
    return isinstance(type_, type) and attrs.has(type_)


def _class_hook_factory(cls: type, converter: cattrs.Converter) -> StructureHook:
    return class_hook(cls, converter)
