"""ruamel's nodes as plain Python, with the 1-based (line, column) of every key and list item,
refusing what a config cannot hold: too many values, too deep a nesting, NaN and infinity, and
text that is not text (half of a surrogate pair)."""

from __future__ import annotations

import datetime
import math
import re
from typing import Any

import attrs
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from llem.config.paths import ancestors, join_path
from llem.errors import ConfigError

Position = tuple[int, int]
MAX_VALUES = 100_000
"""Keys, items and scalars a document may expand to: YAML aliases can make a 400-byte file
expand to gigabytes (the "billion laughs"), so the expansion is counted, not trusted."""
MAX_DEPTH = 64
"""Collections within collections; a config needs a handful, Python's recursion ~300."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_TEXT = (
    "{!r} is not text: it holds half of a UTF-16 surrogate pair (write the character itself,"
    " or one \\U escape of all of it)"
)


@attrs.define
class PlainReader:
    """Reads the nodes of the file named ``label``; ``positions`` fills as it goes."""

    label: str
    positions: dict[str, Position] = attrs.field(factory=dict)
    left: int = MAX_VALUES

    def plain(self, node: Any, path: str = "", depth: int = 0) -> Any:
        self._spend(path, depth)
        if isinstance(node, CommentedMap):
            return {self._key(node, key, path): self._child(node, key, path, depth) for key in node}
        if isinstance(node, CommentedSeq):
            return [self._child(node, index, path, depth) for index in range(len(node))]
        return self._scalar(_plain_scalar(node), path)

    def problem(self, path: str, message: str, shown: str | None = None) -> ConfigError:
        """``message`` at ``path``'s key, else at its nearest ancestor's, else at the file;
        ``shown``: the key to name, if not ``path``."""
        where = next(
            (f"{self.label}:{line}:{column}" for line, column in self._positions_up(path)),
            self.label,
        )
        key = _escaped(path if shown is None else shown)
        return ConfigError([f"{where}: {key}: {message}" if key else f"{where}: {message}"])

    def _positions_up(self, path: str) -> list[Position]:
        candidates = (path, *ancestors(path)) if path else ()
        return [self.positions[key] for key in candidates if key in self.positions]

    def _child(self, node: CommentedMap | CommentedSeq, key: Any, path: str, depth: int) -> Any:
        child_path = self._record(node, key, path)
        return self.plain(node[key], child_path, depth + 1)

    def _record(self, node: CommentedMap | CommentedSeq, key: Any, path: str) -> str:
        child_path = join_path(path, key)
        entry = _written_at(node, key)
        if entry:
            self.positions[child_path] = (entry[0] + 1, entry[1] + 1)
        return child_path

    def _key(self, node: CommentedMap, key: Any, path: str) -> str:
        text = as_text(str(key))
        if text is None:
            raise self.problem(self._record(node, key, path), _NOT_TEXT.format(str(key)))
        return text

    def _scalar(self, value: Any, path: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            # No setting measures forever, and JSON (config.json, result.json) cannot hold it.
            raise self.problem(path, f"expected a finite number, got {value}")
        if isinstance(value, str):
            return self._text(value, path)
        return value

    def _text(self, value: str, path: str) -> str:
        text = as_text(value)
        if text is None:
            raise self.problem(path, _NOT_TEXT.format(value))
        return text

    def _spend(self, path: str, depth: int) -> None:
        self.left -= 1
        if self.left < 0:
            raise self.problem(path, f"expands to more than {MAX_VALUES:,} values (YAML aliases?)")
        if depth > MAX_DEPTH:
            raise self.problem(path, TOO_DEEP, shown=path.split(".")[0])


def _written_at(node: CommentedMap | CommentedSeq, key: Any) -> list[int] | None:
    """Where ``key`` was written: in ``node``, or in a mapping a merge key (``<<``) brought it
    from (an ``!!omap`` records nothing)."""
    entry: list[int] | None = (node.lc.data or {}).get(key)
    if entry:
        return entry
    for source in getattr(node, "merge", None) or ():
        source = source[1] if isinstance(source, tuple) else source  # ruamel < 0.19: (index, map)
        if isinstance(source, CommentedMap) and (found := _written_at(source, key)):
            return found
    return None


def as_text(text: str) -> str | None:
    """``text`` with each escaped surrogate pair (``"\\ud83d\\ude00"``, as JSON writes an
    emoji) joined into its character; ``None`` when a lone surrogate is left, which no file or
    terminal can hold."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return None


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _plain_scalar(value: Any) -> Any:
    # ruamel returns subclasses (ScalarFloat, HexInt, quoted strings) that keep formatting.
    for plain_type in (bool, int, float, str):
        if isinstance(value, plain_type):
            return plain_type(value)
    if isinstance(value, (datetime.date, type(None))):
        return value
    return str(value)  # a tagged scalar (!!custom x): its text
