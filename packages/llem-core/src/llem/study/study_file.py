"""A study file read into its parts: the fixed config, the sweep, explicit experiments and the
study's own settings (``name``, ``output_dir``, ``base``, ``execution``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from llem.config.layers import ConfigLayer, document_layer
from llem.config.strict import describe_value
from llem.config.validators import path_component_problem
from llem.config.yaml_source import MAX_BYTES, Position, YamlDocument, read_yaml_mapping
from llem.errors import ConfigError
from llem.study.execution import ExecutionConfig
from llem.study.execution_read import read_execution
from llem.study.positions import origin_at

STUDY_KEYS = ("sweep", "experiments", "execution", "base", "name", "output_dir")
"""Top-level keys that describe the study, not each experiment's config."""
DEFAULT_OUTPUT_DIR = "results"
_STUDY_KEY = re.compile(r"^(sweep|experiments)\s*:", re.MULTILINE)


def is_study_file(path: Path) -> bool:
    """Whether ``path`` is a study (its top level has ``sweep:`` or ``experiments:``); a cheap
    look at the text, not a parse."""
    if not path.is_file():  # a device or a pipe could be read forever
        return False  # reading it as an experiment reports the problem
    try:
        with path.open("rb") as stream:
            head = stream.read(MAX_BYTES + 1)
        return len(head) <= MAX_BYTES and bool(_STUDY_KEY.search(head.decode("utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


@attrs.frozen
class StudyFile:
    """``fixed``: the study's own experiment keys; ``base``: the ``base:`` file's layer, below
    them. Both only set defaults for engines a configuration does not run (their sections are
    dropped). ``sweep`` and ``experiments`` are raw data; ``positions`` locate them."""

    path: Path
    label: str
    name: str
    output_dir: str
    execution: ExecutionConfig
    fixed: ConfigLayer
    base: ConfigLayer | None
    sweep: Any
    experiments: Any
    has_sweep: bool
    positions: dict[str, Position]


def read_study_file(path: Path) -> StudyFile:
    """Read ``path``; one :class:`ConfigError` names every problem of the study's own keys."""
    label = str(path)
    document = read_yaml_mapping(path, label)
    data, positions = document.data, document.positions
    problems: list[str] = []
    execution = _collect(problems, lambda: read_execution(data.get("execution"), label, positions))
    base = _collect(problems, lambda: _base_layer(path, document))
    name = _collect(problems, lambda: _folder_name(document, label, path.stem))
    output_dir = _collect(
        problems, lambda: _text(document, label, "output_dir", DEFAULT_OUTPUT_DIR)
    )
    if problems:
        raise ConfigError(problems)
    fixed = {key: value for key, value in data.items() if key not in STUDY_KEYS}
    return StudyFile(
        path=path,
        label=label,
        name=name,
        output_dir=output_dir,
        execution=execution,
        fixed=document_layer(YamlDocument(fixed, positions), label, sets_defaults=True),
        base=base,
        sweep=data.get("sweep"),
        experiments=data.get("experiments"),
        has_sweep="sweep" in data,
        positions=positions,
    )


def _collect(problems: list[str], read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ConfigError as error:
        problems.extend(error.problems)
        return None


def _text(document: YamlDocument, label: str, key: str, default: str) -> str:
    value = document.data.get(key, default)
    if isinstance(value, str) and value.strip():
        return value
    where = origin_at(label, document.positions, key)
    raise ConfigError([f"{where}: {key}: expected a non-empty string, got {describe_value(value)}"])


def _folder_name(document: YamlDocument, label: str, default: str) -> str:
    """The study's ``name``: one folder name (its folder is ``<output_dir>/<name>_<time>``)."""
    name = _text(document, label, "name", default)
    problem = path_component_problem(name)
    if problem:
        raise ConfigError([f"{origin_at(label, document.positions, 'name')}: name: {problem}"])
    return name


def _base_layer(path: Path, document: YamlDocument) -> ConfigLayer | None:
    base = document.data.get("base")
    if base is None:
        return None
    if not isinstance(base, str) or not base.strip():
        where = origin_at(str(path), document.positions, "base")
        raise ConfigError([f"{where}: base: expected a file path, got {describe_value(base)}"])
    base_path = path.parent / base
    label = str(base_path)
    if not base_path.is_file():
        where = origin_at(str(path), document.positions, "base")
        raise ConfigError([f"{where}: base: no such file: {label}"])
    return document_layer(read_yaml_mapping(base_path, label), label, sets_defaults=True)
