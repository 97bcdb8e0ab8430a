"""Which entry-point plugins to load, from ``LLEM_LOAD_PLUGINS`` / ``LLEM_DISABLE_PLUGINS``."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

LOAD_VARIABLE = "LLEM_LOAD_PLUGINS"
DISABLE_VARIABLE = "LLEM_DISABLE_PLUGINS"
STRICT_VARIABLE = "LLEM_STRICT_PLUGINS"


def _names(value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(name.strip() for name in value.split(",") if name.strip())


@attrs.frozen
class PluginSelection:
    """``allow``: only these entry-point names load (``None``: all). ``deny``: these never load.
    ``strict``: a plugin that fails to load is fatal instead of reported."""

    allow: frozenset[str] | None = None
    deny: frozenset[str] = frozenset()
    strict: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> PluginSelection:
        return cls(
            allow=_names(env.get(LOAD_VARIABLE)),
            deny=_names(env.get(DISABLE_VARIABLE)) or frozenset(),
            strict=env.get(STRICT_VARIABLE, "").strip().lower() in {"1", "true", "yes", "on"},
        )

    def why_skipped(self, name: str) -> str | None:
        """The reason an entry point named ``name`` is not loaded, or ``None`` to load it."""
        if name in self.deny:
            return f"disabled by {DISABLE_VARIABLE}"
        if self.allow is not None and name not in self.allow:
            return f"not listed in {LOAD_VARIABLE}"
        return None
