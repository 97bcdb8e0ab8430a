"""Log lines go to the stderr of the moment they are written: a caller that swapped ``sys.stderr``
(a test's capture, a redirect) and closed it after logging was configured breaks nothing later
(the GGUF conversion's first log line crashed once this way)."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest
import structlog

from llem.logs import LogSettings, configure_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    yield
    configure_logging(LogSettings(verbosity=-1))


def test_a_closed_stderr_from_configuration_time_is_not_written_to(
    monkeypatch: pytest.MonkeyPatch, restored_logging: None
) -> None:
    at_configuration = io.StringIO()
    monkeypatch.setattr(sys, "stderr", at_configuration)
    configure_logging(LogSettings(verbosity=0))
    at_configuration.close()
    now = io.StringIO()
    monkeypatch.setattr(sys, "stderr", now)
    structlog.get_logger("llem.test").info("converting", file="x.gguf")
    logging.getLogger("some.library").warning("a library's warning")
    assert "converting" in now.getvalue()
    assert "x.gguf" in now.getvalue()
    assert "a library's warning" in now.getvalue()


def test_each_line_is_one_write(monkeypatch: pytest.MonkeyPatch, restored_logging: None) -> None:
    writes: list[str] = []

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            return len(text)

    monkeypatch.setattr(sys, "stderr", Recorder())
    configure_logging(LogSettings(verbosity=0, fmt="json"))
    structlog.get_logger("llem.test").info("one line")
    assert len(writes) == 1
    assert writes[0].endswith("}\n") and '"one line"' in writes[0]
