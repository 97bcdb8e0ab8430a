"""Follow the output of a (legacy builder) ``docker build``: pass each line on, keep the tail, find
the image id, and turn an error into a message naming the failing step."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from llem.errors import ImageBuildError
from llem.images.pip_run import OnLine

TAIL_LINES = 40


class BuildFollower:
    """Consumes the decoded chunks of ``APIClient.build(..., decode=True)``."""

    def __init__(self, on_line: OnLine) -> None:
        self.on_line = on_line
        self.step = ""
        self.tail: deque[str] = deque(maxlen=TAIL_LINES)
        self.image_id: str | None = None

    def follow(self, chunks: Iterable[Mapping[str, Any]]) -> str:
        """Read every chunk; the built image's id, or :class:`ImageBuildError`."""
        for chunk in chunks:
            self.take(chunk)
        if self.image_id is None:
            raise ImageBuildError(self.failure("the build ended without an image id"))
        return self.image_id

    def take(self, chunk: Mapping[str, Any]) -> None:
        if "error" in chunk:
            raise ImageBuildError(self.failure(str(chunk["error"]).strip()))
        aux = chunk.get("aux")
        if isinstance(aux, Mapping) and "ID" in aux:
            self.image_id = str(aux["ID"])
        for line in _lines(chunk):
            self._line(line)

    def _line(self, line: str) -> None:
        if line.startswith("Step "):
            self.step = line
        self.tail.append(line)
        self.on_line(line)

    def failure(self, error: str) -> str:
        where = f" at {self.step}" if self.step else ""
        tail = "\n".join(f"  | {line}" for line in self.tail)
        return f"docker build failed{where}: {error}" + (f"\n{tail}" if tail else "")


def _lines(chunk: Mapping[str, Any]) -> list[str]:
    """The text lines of a ``stream`` chunk, or a ``status`` line (pulling a base)."""
    text = chunk.get("stream") or chunk.get("status") or ""
    return [line.rstrip() for line in str(text).splitlines() if line.strip()]
