"""The one plugin-manager factory."""

from __future__ import annotations

import pluggy

from llem import PROJECT_NAME, hookspecs


def make_plugin_manager() -> pluggy.PluginManager:
    """A plugin manager that knows llem's hook specifications and nothing else yet."""
    manager = pluggy.PluginManager(PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    return manager
