"""Load every plugin and build the registry: what each command starts from."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import attrs
import pluggy

from llem.errors import PluginError
from llem.plugins.collect import REGISTRATION_HOOKS, Collected, collect
from llem.plugins.loader import (
    PluginRecord,
    check_pending,
    discover_entry_points,
    load_entry_point,
    register_builtins,
    register_object,
)
from llem.plugins.manager import make_plugin_manager
from llem.plugins.registry import Registry
from llem.plugins.selection import PluginSelection


@attrs.frozen
class PluginHost:
    """The plugin manager, what each plugin did when loaded, and the registry built from them."""

    manager: pluggy.PluginManager
    plugins: tuple[PluginRecord, ...]
    registry: Registry

    def require_no_conflicts(self) -> None:
        """Refuse to go on when two plugins registered the same name."""
        if self.registry.conflicts:
            raise PluginError("plugin conflict:\n  " + "\n  ".join(self.registry.conflicts))


def load_plugins(
    manager: pluggy.PluginManager,
    selection: PluginSelection,
    extra: Sequence[tuple[str, object]] = (),
) -> list[PluginRecord]:
    records = register_builtins(manager)
    records += [register_object(manager, name, plugin) for name, plugin in extra]
    records += [load_entry_point(manager, ep, selection) for ep in discover_entry_points()]
    records = check_pending(manager, records)
    failed = [r for r in records if r.status == "failed"]
    if selection.strict and failed:
        raise PluginError(f"plugin {failed[0].name!r} failed: {failed[0].error}")
    return records


def _mark_failures(records: list[PluginRecord], collected: list[Collected]) -> list[PluginRecord]:
    failures = {name: error for c in collected for name, error in c.failures.items()}
    return [
        attrs.evolve(r, status="failed", error=failures[r.name]) if r.name in failures else r
        for r in records
    ]


def build_host(
    env: Mapping[str, str] | None = None, plugins: Sequence[tuple[str, object]] = ()
) -> PluginHost:
    """Load built-in and installed plugins (honouring the ``LLEM_*_PLUGINS`` variables) and
    build the registry. ``plugins``: extra in-process plugin objects as ``(name, object)``, for
    programs that use llem as a library, and for tests. Never raises for a broken plugin unless
    ``LLEM_STRICT_PLUGINS`` is set."""
    selection = PluginSelection.from_env(os.environ if env is None else env)
    manager = make_plugin_manager()
    records = load_plugins(manager, selection, plugins)
    by_name = {r.name: r for r in records}
    collected = {hook: collect(manager, hook, by_name) for hook in REGISTRATION_HOOKS}
    records = _mark_failures(records, list(collected.values()))
    if selection.strict and any(r.status == "failed" for r in records):
        raise PluginError(next(f"{r.name}: {r.error}" for r in records if r.status == "failed"))
    registry = Registry(
        engines=collected["llem_register_engines"].by_name,
        energy_samplers=collected["llem_register_energy_samplers"].by_name,
        runners=collected["llem_register_runners"].by_name,
        datasets=collected["llem_register_datasets"].by_name,
        miners=collected["llem_register_miners"].by_name,
        conflicts=tuple(c for hook in collected.values() for c in hook.conflicts),
        failed_plugins=tuple(
            f"{r.name} ({r.distribution}): {r.error}" for r in records if r.status == "failed"
        ),
    )
    return PluginHost(manager, tuple(records), registry)
