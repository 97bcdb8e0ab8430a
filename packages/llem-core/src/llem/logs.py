"""structlog set-up shared by the host and every experiment process; logs go to stderr."""

from __future__ import annotations

import logging
import sys
import threading

import attrs

LEVELS = {-2: logging.ERROR, -1: logging.WARNING, 0: logging.INFO, 1: logging.DEBUG}


@attrs.frozen
class LogSettings:
    """``verbosity``: -2 (``-qq``) .. 1 (``-v``); ``fmt``: ``console`` or ``json``."""

    verbosity: int = 0
    fmt: str = "console"

    @property
    def level(self) -> int:
        return LEVELS[max(-2, min(1, self.verbosity))]

    def for_log_file(self) -> LogSettings:
        """A study's ``experiment.log`` is read after the fact: every step goes there, whatever
        the terminal's verbosity."""
        return attrs.evolve(self, verbosity=max(self.verbosity, 1))


def configure_logging(settings: LogSettings) -> None:
    """Route structlog (and the stdlib loggers of libraries) to stderr at the chosen level."""
    import structlog

    renderer = (
        structlog.processors.JSONRenderer()
        if settings.fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(settings.level),
        logger_factory=CurrentStderrLogger,
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(
        level=max(settings.level, logging.WARNING), handlers=[CurrentStderrHandler()], force=True
    )


class CurrentStderrLogger:
    """A structlog logger writing each line in one write to whatever ``sys.stderr`` is *now*.

    One write per line because the host and the experiment process share stderr; looked up at
    each write because a caller may swap ``sys.stderr`` (a test's capture, a redirect) and close
    the old stream after configuring logging, which must not break later log lines."""

    _lock = threading.Lock()

    def __init__(self, *args: object) -> None:
        """structlog passes the logger's name arguments; every logger writes to stderr."""

    def msg(self, message: str) -> None:
        with self._lock:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()

    log = debug = info = warn = warning = msg
    err = error = critical = exception = failure = fatal = msg


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stdlib side of :class:`CurrentStderrLogger`: the stream is ``sys.stderr`` now."""

    @property  # type: ignore[override]
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, value: object) -> None:
        """StreamHandler's constructor sets a stream; this handler always uses the current one."""
