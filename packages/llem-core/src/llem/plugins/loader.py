"""Load plugins: llem's built-ins, then every ``llem`` entry point, each in its own try/except.

A plugin that fails to import or register is recorded with its error and skipped; it never stops
llem (``LLEM_STRICT_PLUGINS=1`` makes it fatal, for plugin authors and CI).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

import attrs
import pluggy

from llem import PROJECT_NAME, __version__
from llem.errors import PluginError
from llem.plugins.selection import PluginSelection

BUILTIN_PLUGINS = ("llem.energy.builtin", "llem.datasets.plugin", "llem.runners.plugin")
CORE_DISTRIBUTION = "llem-core"


@attrs.frozen
class PluginRecord:
    """One plugin as ``llem plugins`` shows it. ``status``: loaded, failed or skipped."""

    name: str
    distribution: str | None
    version: str | None
    status: str
    error: str | None = None


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def register_builtins(manager: pluggy.PluginManager) -> list[PluginRecord]:
    """Register llem's own features; they are plugins like any other."""
    for module_name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(module_name), name=module_name)
    return [
        PluginRecord(name, CORE_DISTRIBUTION, __version__, "loaded") for name in BUILTIN_PLUGINS
    ]


def register_object(manager: pluggy.PluginManager, name: str, plugin: object) -> PluginRecord:
    """Register an in-process plugin object (a module, class or instance with hookimpls)."""
    try:
        manager.register(plugin, name=name)
    except Exception as exc:
        return PluginRecord(name, None, None, "failed", _describe(exc))
    return PluginRecord(name, None, None, "loaded")


def _distribution_of(entry_point: EntryPoint) -> tuple[str | None, str | None]:
    dist = entry_point.dist
    return (dist.metadata["Name"], dist.version) if dist is not None else (None, None)


def load_entry_point(
    manager: pluggy.PluginManager, entry_point: EntryPoint, selection: PluginSelection
) -> PluginRecord:
    """Import and register one entry point; report instead of raising unless strict."""
    dist_name, version = _distribution_of(entry_point)
    skipped = selection.why_skipped(entry_point.name)
    if skipped is not None:
        return PluginRecord(entry_point.name, dist_name, version, "skipped", skipped)
    try:
        with contextlib.redirect_stdout(sys.stderr):  # a print at import must not corrupt --json
            plugin = entry_point.load()
        manager.register(plugin, name=entry_point.name)
    except (Exception, SystemExit, KeyboardInterrupt) as exc:
        # A plugin's import calling exit() (or raising KeyboardInterrupt) is that plugin's
        # failure, not every command's.
        if selection.strict:
            raise PluginError(
                f"plugin {entry_point.name!r} ({dist_name}) failed: {_describe(exc)}"
            ) from exc
        return PluginRecord(entry_point.name, dist_name, version, "failed", _describe(exc))
    return PluginRecord(entry_point.name, dist_name, version, "loaded")


def discover_entry_points() -> Iterable[EntryPoint]:
    """Every entry point in the ``llem`` group, once per name-and-distribution."""
    seen: set[tuple[str, str | None]] = set()
    for entry_point in entry_points(group=PROJECT_NAME):
        key = (entry_point.name, _distribution_of(entry_point)[0])
        if key not in seen:
            seen.add(key)
            yield entry_point


def check_pending(manager: pluggy.PluginManager, records: list[PluginRecord]) -> list[PluginRecord]:
    """Unregister plugins that implement hooks llem does not define; mark them failed."""
    while True:
        try:
            manager.check_pending()
            return records
        except pluggy.PluginValidationError as exc:
            name = manager.get_name(exc.plugin) or "?"
            manager.unregister(exc.plugin)
            records = [_failed(r, str(exc)) if r.name == name else r for r in records]


def _failed(record: PluginRecord, error: str) -> PluginRecord:
    return attrs.evolve(record, status="failed", error=error)
