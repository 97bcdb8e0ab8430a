"""State shared by commands within one CLI invocation (no module-level mutable state)."""

from __future__ import annotations

from functools import cached_property

from llem.logs import LogSettings, configure_logging
from llem.plugins.host import PluginHost, build_host


class CliState:
    """Loaded plugins and logging settings of this invocation; plugins load on first use."""

    def __init__(self) -> None:
        self.log_settings = LogSettings()

    def configure(self, verbosity: int, log_format: str) -> None:
        self.log_settings = LogSettings(verbosity=verbosity, fmt=log_format)

    def start_logging(self) -> None:
        """Commands that log call this; structlog is not imported for ``--help``."""
        configure_logging(self.log_settings)

    @cached_property
    def host(self) -> PluginHost:
        return build_host()
