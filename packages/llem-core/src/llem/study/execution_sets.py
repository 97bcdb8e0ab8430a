"""``--set execution.KEY=VALUE``: change how a study runs from the command line."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from llem.config.overrides import parse_set
from llem.errors import ConfigError
from llem.study.execution import ExecutionConfig
from llem.study.execution_read import SECTION, read_execution

PREFIX = f"{SECTION}."


def split_execution_sets(sets: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the ``--set`` values for ``execution:``, the others, which set every configuration)."""
    own = [raw for raw in sets if raw.strip().startswith(PREFIX)]
    return own, [raw for raw in sets if raw not in own]


def apply_execution_sets(execution: ExecutionConfig, sets: Sequence[str]) -> ExecutionConfig:
    """``execution`` with each ``--set`` applied in order; a bad value is a ``ConfigError``
    naming the ``--set`` it came from."""
    problems: list[str] = []
    for raw in sets:
        try:
            execution = _apply(execution, raw)
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return execution


def _apply(execution: ExecutionConfig, raw: str) -> ExecutionConfig:
    path, value = parse_set(raw)
    section = {**attrs.asdict(execution), path.removeprefix(PREFIX): value}
    return read_execution(section, f"--set {raw}", {})
