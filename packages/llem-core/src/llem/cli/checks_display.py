"""How rule warnings and dormant values are shown before an experiment runs."""

from __future__ import annotations

from llem.results.models import ConfigChecks, RuleNote


def _line(kind: str, note: RuleNote) -> str:
    return f"{kind}: {', '.join(note.paths)}: {note.message} [{note.rule}]"


def render_checks(checks: ConfigChecks) -> list[str]:
    """``warning: ...`` per warn rule; ``dormant: ...`` per value the library ignores or changes."""
    warnings = [_line("warning", note) for note in checks.warnings]
    dormant = [_line("dormant", note) for note in checks.dormant]
    return warnings + dormant
