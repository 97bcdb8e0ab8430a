"""The exceptions llem raises on purpose; ``llem.cli.main`` turns each into a message and exit code.

Exit codes: 0 success, 1 an experiment failed, 2 bad input (config, flags, files),
3 the environment is not ready (an engine's runtime is missing), 4 a plugin problem,
130 interrupted.
"""

from __future__ import annotations

EXIT_INTERRUPTED = 130


class LlemError(Exception):
    """Base of every error that is the user's or the environment's, not a bug in llem."""

    exit_code = 1


class UsageError(LlemError):
    """Bad input that is not a config file: a missing file, a bad flag value."""

    exit_code = 2


class ConfigError(UsageError):
    """One or more problems in a configuration; each names where it came from."""

    def __init__(self, problems: list[str], *, header: str = "invalid configuration") -> None:
        self.problems = problems
        self.header = header
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"{self.header}:"] + [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


class RuntimeMissingError(LlemError):
    """An engine's library is not installed where the experiment would run."""

    exit_code = 3


class EngineVersionError(LlemError):
    """The engine library found is not the version the engine (or its image) is pinned to."""

    exit_code = 3


class PluginError(LlemError):
    """A plugin conflict (two distributions registering one name) or a strict-mode load failure."""

    exit_code = 4


class ExperimentFailedError(LlemError):
    """The experiment process failed; ``exit_code`` is the one its own error called for."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ImageError(RuntimeMissingError):
    """An engine image is missing, stale, or cannot be had (no Docker engine answers); the
    message names the command that fixes it (``llem image build ...``)."""


class ImageBuildError(LlemError):
    """Preparing or building an engine image failed (pip, or a step of ``docker build``); the
    message names the failing command or step and the tail of its output."""
