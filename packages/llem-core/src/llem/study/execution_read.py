"""Read a study file's ``execution:`` section into :class:`ExecutionConfig`, strictly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import BaseValidationError

from llem.config.error_paths import describe_errors
from llem.config.paths import join_path
from llem.config.strict import register_strict_hooks
from llem.config.yaml_source import Position
from llem.errors import ConfigError
from llem.study.execution import ExecutionConfig
from llem.study.positions import origin_at

SECTION = "execution"


def read_execution(value: Any, label: str, positions: Mapping[str, Position]) -> ExecutionConfig:
    """``value`` (the section as plain data, ``None`` when absent) as an :class:`ExecutionConfig`;
    raises :class:`ConfigError` naming ``file:line:col`` and the key of every problem."""
    if value is None:
        return ExecutionConfig()
    try:
        config: ExecutionConfig = _converter().structure(value, ExecutionConfig)
    except (BaseValidationError, ValueError, TypeError) as error:
        pairs = describe_errors(error, _field_names)
        raise ConfigError([_problem(label, positions, path, msg) for path, msg in pairs]) from None
    return config


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    register_strict_hooks(converter)
    return converter


def _field_names(cls: type) -> list[str]:
    return [field.name for field in attrs.fields(cls)] if attrs.has(cls) else []


def _problem(label: str, positions: Mapping[str, Position], path: str, message: str) -> str:
    full = join_path(SECTION, path) if path else SECTION
    return f"{origin_at(label, positions, full)}: {full}: {message}"
