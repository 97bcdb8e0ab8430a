"""structlog set-up shared by the host and every experiment process; logs go to stderr."""

from __future__ import annotations

import logging
import sys

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
        # One write per line: the host and the experiment process share stderr.
        logger_factory=structlog.WriteLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=max(settings.level, logging.WARNING), stream=sys.stderr, force=True)
