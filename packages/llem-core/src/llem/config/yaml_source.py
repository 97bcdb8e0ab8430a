"""Read YAML with ruamel's round-trip loader, keeping where every key was written.

The result is plain Python (``dict``, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``)
plus a map from each dotted path to the 1-based line and column of its key (or list item), so
that a config error can name ``file:line:col``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from llem.config.yaml_loader import UNMARKED_ERRORS, content_at, load_yaml, too_deep_at
from llem.config.yaml_plain import MAX_DEPTH, TOO_DEEP, PlainReader, Position
from llem.errors import ConfigError

__all__ = ["MAX_BYTES", "Position", "YamlDocument", "parse_scalar", "read_yaml_mapping"]

MAX_BYTES = 1 << 20
"""A config or study file is a few kB; a bigger one is a mistake (or /dev/zero)."""


@attrs.frozen
class YamlDocument:
    """A YAML mapping as plain data; ``positions`` maps dotted paths to (line, column)."""

    data: dict[str, Any]
    positions: dict[str, Position]


def read_yaml_mapping(path: Path, label: str) -> YamlDocument:
    """Load ``path`` (named ``label`` in messages); an empty file is an empty mapping."""
    text = _read_text(path, label)
    node = _parse(text, label)
    if node is None:
        return YamlDocument({}, {})
    if not isinstance(node, CommentedMap):
        line, column = content_at(text)
        kind = "a list" if isinstance(node, list) else f"the scalar {node!r}"
        where = f"{label}:{line + 1}:{column + 1}"
        raise ConfigError([f"{where}: the top level must be a mapping of keys, got {kind}"])
    reader = PlainReader(label)
    try:
        return YamlDocument(reader.plain(node), reader.positions)
    except UNMARKED_ERRORS as error:  # a safety net: ruamel's types hold surprises
        raise ConfigError([f"{label}: YAML that cannot be read as a config: {error}"]) from None


def parse_scalar(text: str) -> Any:
    """A command-line or environment value read as YAML (``4``→int, ``true``→bool, ``[1, 2]``
    →list, ``""``→None); text that is not valid YAML stays the text it is."""
    try:
        return PlainReader("the value").plain(load_yaml(text))
    except (YAMLError, RecursionError, ConfigError):
        return text


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
        if text.count("[") + text.count("{") > MAX_DEPTH:  # else it cannot nest that deep
            _refuse_too_deep(text, label)
        return load_yaml(text)
    except RecursionError:  # block-style nesting, hundreds of levels deep
        _refuse_too_deep(text, label)
        raise ConfigError([f"{label}: {TOO_DEEP}"]) from None
    except MarkedYAMLError as error:
        raise ConfigError([_describe_marked_error(error, label)]) from None
    except ReaderError as error:  # a character YAML forbids: located by offset, not line
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - before.rfind("\n")
        message = f"{error.reason} (#x{ord(text[error.position]):04x})"
        raise ConfigError([f"{label}:{line}:{column}: malformed YAML: {message}"]) from None
    except YAMLError as error:
        raise ConfigError([f"{label}: malformed YAML: {error}"]) from None
    except UNMARKED_ERRORS as error:  # what no node was being built for (yaml_loader marks those)
        raise ConfigError([f"{label}: YAML that cannot be read as a config: {error}"]) from None


def _refuse_too_deep(text: str, label: str) -> None:
    """Deep flow nesting is refused from the parser's events, before the composer recurses: ruamel
    scans up to 1,024 characters ahead at each level, so a 1 MiB file of them took a minute."""
    mark = too_deep_at(text, MAX_DEPTH + 1)  # the top-level mapping is one
    if mark:
        raise ConfigError([f"{label}:{mark[0] + 1}:{mark[1] + 1}: {TOO_DEEP}"])


def _describe_marked_error(error: MarkedYAMLError, label: str) -> str:
    mark = error.problem_mark or error.context_mark
    where = f"{label}:{mark.line + 1}:{mark.column + 1}" if mark else label
    message = error.problem or error.context
    context_mark = error.context_mark
    if error.problem and error.context and context_mark and context_mark is not mark:
        line, column = context_mark.line + 1, context_mark.column + 1
        message += f" ({error.context} at line {line}, column {column})"
    return f"{where}: malformed YAML: {message}"
