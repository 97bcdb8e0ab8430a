"""Read YAML with ruamel's round-trip loader, keeping where every key was written.

The result is plain Python (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``)
plus a map from each dotted path to the 1-based line and column of its key (or list item), so
that a config error can name ``file:line:col``.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from llem.config.paths import join_path
from llem.errors import ConfigError

Position = tuple[int, int]
MAX_BYTES = 1 << 20
"""A config or study file is a few kB; a bigger one is a mistake (or /dev/zero)."""
MAX_VALUES = 100_000
"""Keys, items and scalars a document may expand to: YAML aliases can make a 400-byte file
expand to gigabytes (the "billion laughs"), so the expansion is counted, not trusted."""


@attrs.frozen
class YamlDocument:
    """A YAML mapping as plain data; ``positions`` maps dotted paths to (line, column)."""

    data: dict[str, Any]
    positions: dict[str, Position]


def read_yaml_mapping(path: Path, label: str) -> YamlDocument:
    """Load ``path`` (named ``label`` in messages); an empty file is an empty mapping."""
    node = _parse(_read_text(path, label), label)
    if node is None:
        return YamlDocument({}, {})
    if not isinstance(node, CommentedMap):
        where = f"{label}:{node.lc.line + 1}:{node.lc.col + 1}" if hasattr(node, "lc") else label
        kind = "a list" if isinstance(node, list) else f"the scalar {node!r}"
        raise ConfigError([f"{where}: the top level must be a mapping of keys, got {kind}"])
    positions: dict[str, Position] = {}
    try:
        return YamlDocument(_to_plain(node, "", positions, _Budget(label)), positions)
    except RecursionError:
        raise ConfigError([f"{label}: nested too deeply"]) from None
    except (AttributeError, TypeError, ValueError) as error:
        raise ConfigError([f"{label}: YAML that cannot be read as a config: {error}"]) from None


def parse_scalar(text: str) -> Any:
    """A command-line or environment value read as YAML (``4``→int, ``true``→bool, ``[1, 2]``
    →list, ``""``→None); text that is not valid YAML stays the text it is."""
    try:
        node = YAML().load(text)
    except (YAMLError, RecursionError):
        return text
    try:
        return _to_plain(node, "", {}, _Budget("the value"))
    except (RecursionError, ConfigError):
        return text


@attrs.define
class _Budget:
    """How many more values the document may expand to."""

    label: str
    left: int = MAX_VALUES

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise ConfigError(
                [f"{self.label}: expands to more than {MAX_VALUES:,} values (YAML aliases?)"]
            )


def _read_text(path: Path, label: str) -> str:
    if path.is_dir():
        raise ConfigError([f"{label}: is a directory, not a YAML file"])
    if not path.exists():
        raise ConfigError([f"no such file: {label}"])
    if not path.is_file():
        raise ConfigError([f"{label}: not a regular file (a device or a pipe?)"])
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ConfigError([f"{label}: larger than {MAX_BYTES >> 20} MiB: not a config file"])
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raw = error.object
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        byte = raw[error.start : error.start + 1].hex()
        raise ConfigError([f"{label}:{line}:{column}: not UTF-8 text (byte 0x{byte})"]) from None
    except OSError as error:
        raise ConfigError([f"{label}: cannot read it: {error.strerror}"]) from None


def _parse(text: str, label: str) -> Any:
    try:
        return YAML().load(text)
    except RecursionError:
        raise ConfigError([f"{label}: nested too deeply"]) from None
    except MarkedYAMLError as error:
        raise ConfigError([_describe_marked_error(error, label)]) from None
    except ReaderError as error:  # a character YAML forbids: located by offset, not line
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - before.rfind("\n")
        message = f"{error.reason} (#x{ord(text[error.position]):04x})"
        raise ConfigError([f"{label}:{line}:{column}: malformed YAML: {message}"]) from None
    except YAMLError as error:
        raise ConfigError([f"{label}: malformed YAML: {error}"]) from None
    except (AttributeError, TypeError, ValueError) as error:
        # What ruamel fails on without a YAML error of its own: a self-referencing merge key,
        # an !!omap of the wrong shape, an integer over Python's 4,300-digit limit.
        raise ConfigError([f"{label}: YAML that cannot be read as a config: {error}"]) from None


def _describe_marked_error(error: MarkedYAMLError, label: str) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark else label
    message = error.problem or error.context
    context_mark = error.context_mark
    if error.problem and error.context and context_mark and context_mark is not mark:
        line, column = context_mark.line + 1, context_mark.column + 1
        message += f" ({error.context} at line {line}, column {column})"
    return f"{where}: malformed YAML: {message}"


def _to_plain(node: Any, path: str, positions: dict[str, Position], budget: _Budget) -> Any:
    budget.spend()
    if isinstance(node, CommentedMap):
        return {str(key): _child(node, key, path, positions, budget) for key in node}
    if isinstance(node, CommentedSeq):
        return [_child(node, index, path, positions, budget) for index in range(len(node))]
    value = _plain_scalar(node)
    if isinstance(value, float) and not math.isfinite(value):
        # No setting measures forever, and JSON (config.json, result.json) cannot hold it.
        line, column = positions.get(path, (0, 0))
        where = f"{budget.label}:{line}:{column}" if line else budget.label
        raise ConfigError([f"{where}: {path}: expected a finite number, got {value}"])
    return value


def _child(
    node: CommentedMap | CommentedSeq,
    key: Any,
    path: str,
    positions: dict[str, Position],
    budget: _Budget,
) -> Any:
    child_path = join_path(path, key)
    entry = node.lc.data.get(key)  # absent for keys brought in by a YAML merge (<<)
    if entry:
        positions[child_path] = (entry[0] + 1, entry[1] + 1)
    return _to_plain(node[key], child_path, positions, budget)


def _plain_scalar(value: Any) -> Any:
    # ruamel returns subclasses (ScalarFloat, HexInt, quoted strings) that keep formatting.
    for plain_type in (bool, int, float, str):
        if isinstance(value, plain_type):
            return plain_type(value)
    if isinstance(value, (datetime.date, type(None))):
        return value
    return str(value)  # a tagged scalar (!!custom x): its text
