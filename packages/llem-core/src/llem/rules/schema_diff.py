"""Compare two parameter schemas and tell the changes a config file could notice from the rest.

A change is **breaking** when a config that was valid under the old schema may be refused or
mean something else under the new one: a parameter or section removed, a type narrowed or
changed, a section no longer pass-through, a parameter llem now sets itself. It is **safe** when
every old config still means what it did: something added, a type widened (its old members are a
subset of the new, or the new one is ``Any``), a default or a description changed, a parameter
llem no longer sets. ``llem config schema-diff`` exits 1 on any breaking change, 0 otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

from llem.rules.schema import EngineSchema, Parameter, Section, set_by_llem
from llem.rules.schema_types import type_members

ANY = "Any"
Entry = TypeVar("Entry", Section, Parameter)


@attrs.frozen
class Change:
    """One difference: ``path`` is a section path or ``section.parameter``."""

    path: str
    detail: str
    breaking: bool

    def render(self) -> str:
        """``"breaking  transformers.generation.num_beams: removed"``."""
        return f"{'breaking' if self.breaking else 'safe':<8}  {self.path}: {self.detail}"


@attrs.frozen
class SchemaDiff:
    """Every change from an old schema to a new one, in section then parameter order."""

    changes: tuple[Change, ...] = ()

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.breaking)

    @property
    def safe(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if not change.breaking)


def diff_schemas(old: EngineSchema, new: EngineSchema) -> SchemaDiff:
    """Classify every section and parameter change between ``old`` and ``new``."""
    return SchemaDiff(tuple(_mapping_changes(old.sections, new.sections, _section_changes)))


def render_diff(diff: SchemaDiff) -> str:
    """One line per change, then a count; ``"no changes"`` when there are none."""
    if not diff.changes:
        return "no changes"
    summary = f"{len(diff.breaking)} breaking, {len(diff.safe)} safe"
    return "\n".join([*(change.render() for change in diff.changes), summary])


def _mapping_changes(
    old: Mapping[str, Entry],
    new: Mapping[str, Entry],
    compare: Callable[[Entry, Entry], Iterator[Change]],
) -> Iterator[Change]:
    """Removed, added and changed entries of two section or two parameter mappings, by key."""
    for key in sorted(set(old) | set(new)):
        if key not in new:
            yield Change(key, _noun(old[key], "removed"), breaking=True)
        elif key not in old:
            yield Change(key, _noun(new[key], _added(new[key])), breaking=False)
        else:
            yield from compare(old[key], new[key])


def _noun(entry: Section | Parameter, detail: str) -> str:
    return f"section {detail}" if isinstance(entry, Section) else detail


def _added(entry: Section | Parameter) -> str:
    if isinstance(entry, Section):
        count = len(entry.params)
        return f"added ({count} parameter{'' if count == 1 else 's'})"
    return f"added ({entry.type}, default {_value(entry.default)})"


def _section_changes(old: Section, new: Section) -> Iterator[Change]:
    if old.passthrough != new.passthrough:
        state = "on" if new.passthrough else "off"
        yield Change(new.path, f"pass-through turned {state}", breaking=old.passthrough)
    if old.native_type != new.native_type:
        native = f"native type changed: {old.native_type} -> {new.native_type}"
        yield Change(new.path, native, breaking=False)
    if old.description != new.description:
        yield Change(new.path, "description changed", breaking=False)
    for change in _mapping_changes(old.params, new.params, _parameter_changes):
        yield attrs.evolve(change, path=f"{new.path}.{change.path}")


def _parameter_changes(old: Parameter, new: Parameter) -> Iterator[Change]:
    yield from _type_change(old, new)
    if old.default != new.default:
        yield _change(new, f"default changed: {_value(old.default)} -> {_value(new.default)}")
    if old.description != new.description:
        yield _change(new, "description changed")
    if old.set_in != new.set_in:
        yield _ownership_change(new, old.set_in)


def _type_change(old: Parameter, new: Parameter) -> Iterator[Change]:
    before, after = set(type_members(old.type)), set(type_members(new.type))
    spelt = f"{old.type} -> {new.type}"
    if before == after:
        return
    if before < after or (ANY in after and ANY not in before):
        yield _change(new, f"type widened: {spelt}")
    elif after < before:
        yield _change(new, f"type narrowed: {spelt}", breaking=True)
    else:
        yield _change(new, f"type changed: {spelt}", breaking=True)


def _ownership_change(new: Parameter, old_set_in: str | None) -> Change:
    if new.set_in is None:
        return _change(new, "no longer set by llem: it may now be passed through")
    if old_set_in is None:
        return _change(new, f"now {set_by_llem(new.set_in)}", breaking=True)
    return _change(new, f"now {set_by_llem(new.set_in)} (was {set_by_llem(old_set_in)})")


def _change(parameter: Parameter, detail: str, *, breaking: bool = False) -> Change:
    return Change(parameter.name, detail, breaking)


def _value(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
