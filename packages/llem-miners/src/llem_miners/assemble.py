"""Turn candidates (native keywords) into corpus rules (config paths), ready for the gate.

The corpus's ``native_types`` say where each native keyword lives in a config; the target adds
its keyword ``prefix`` and its ``guards``; the engine's schema gives each keyword's type, so that
the examples are of the type the library expects (``0.0`` for a float, not ``0``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from llem.records import MineTarget
from llem.rules.model import NativeType
from llem_miners.candidate import Candidate, Unmined
from llem_miners.examples import examples
from llem_miners.naming import rule_id

Rule = dict[str, Any]
"""A rule as written in a corpus file (an item of ``rules:``)."""


@attrs.frozen
class Library:
    """The engine and library version the rules are written for."""

    engine: str
    library: str
    version: str
    native_types: Mapping[str, NativeType]
    types: Mapping[str, str] = attrs.field(factory=dict)
    """Config path -> type name (``int``, ``float``, ...), from the engine's schema."""
    passthrough: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    """Pass-through section path -> the keys the schema lets a config set there: any other
    native keyword can never be set through llem (``generate``'s ``tokenizer``)."""
    declared: Mapping[str, str] = attrs.field(factory=dict)
    """Config path -> the schema's whole type text (``int | list[int] | None``)."""
    held: Mapping[str, Any] = attrs.field(factory=dict)
    """Config path -> the value llem's default view holds there when a config sets nothing
    (``transformers.sampling.do_sample: false``): llem always passes it, so the library never
    sees that keyword unset."""
    defaults: Mapping[str, Any] = attrs.field(factory=dict)
    """Config path -> the library's own default for the native keyword there (the schema's)."""
    commits: Mapping[str, str] = attrs.field(factory=dict)
    """Source file (or ``*``, every file) -> the revision it was read at: a source-only run's
    provenance (``llem-miners mine ENGINE --source DIR --commit ...``)."""

    def settable(self, path: str) -> bool:
        """Whether a config can hold ``path`` (a path outside pass-through sections always can:
        llem's own config classes check those)."""
        for section, keys in self.passthrough.items():
            if path.startswith(section + "."):
                return path[len(section) + 1 :].split(".")[0] in keys
        return True


def keyword_path(native_type: NativeType, keyword: str) -> str | None:
    """The config path a native keyword maps to (``None``: the native type maps it nowhere)."""
    if keyword in native_type.config_paths:
        return native_type.config_paths[keyword]
    section = native_type.config_paths.get("*")
    return f"{section}.{keyword}" if section else None


def keyword_of(native_type: NativeType, path: str) -> str | None:
    """The native keyword a config path maps back to (guards are written as config paths)."""
    for keyword, target in sorted(native_type.config_paths.items()):
        if target == path and keyword != "*":
            return keyword
    section = native_type.config_paths.get("*")
    if section and path.startswith(section + "."):
        return path[len(section) + 1 :]
    return None


def for_target(
    candidate: Candidate,
    target: MineTarget,
    library: Library,
    avoid: Sequence[Mapping[str, Any]] = (),
    vocabulary: Mapping[str, Sequence[Any]] | None = None,
) -> Candidate | Unmined:
    """The candidate with the target's keyword prefix and guards, predicates on booleans written
    as booleans, and examples of the right types whose negative fires none of ``avoid`` (the other
    alternatives of the same check); an :class:`Unmined` when a keyword maps to no config path
    or no example exists."""
    if candidate.severity not in target.severities:
        return _unmined(candidate, f"a {candidate.severity} rule: this target keeps only "
                        + ", ".join(target.severities))  # fmt: skip
    reserved = sorted(set(candidate.fields) & set(target.not_keywords))
    if reserved:
        return _unmined(candidate, f"tests {reserved[0]}, which llem sets itself, not the user")
    candidate = prefixed(candidate, target.prefix)
    native = library.native_types.get(candidate.native_type)
    if native is None:
        return _unmined(candidate, f"native type {candidate.native_type!r} is not in the corpus")
    guards = {}
    for path, spec in target.guards.items():
        keyword = keyword_of(native, path)
        if keyword is None:
            return _unmined(candidate, f"guard {path} maps to no keyword of {native.name}")
        guards[keyword] = spec
    fields = with_guards(candidate.fields, guards)
    fields, unsettable = settable_fields(fields, native, library)
    if unsettable:
        return _unmined(candidate, f"needs {unsettable}, which llem's config cannot set")
    if not fields:
        return _unmined(candidate, "tests only keywords llem's config cannot set")
    fields = held_for_absent(fields, native, library)
    types = {
        key: library.types[p]
        for key in fields
        if (p := keyword_path(native, key)) and p in library.types
    }
    fields = {key: as_typed(spec, types.get(key)) for key, spec in fields.items()}
    avoid = [{target.prefix + key: spec for key, spec in other.items()} for other in avoid]
    found = telling_examples(fields, types, candidate.normalised, avoid, vocabulary or {})
    if found is None:
        return _unmined(candidate, "no example values satisfy the predicate")
    context = {}
    for path, value in target.context.items():
        keyword = keyword_of(native, path)
        if keyword is None:
            return _unmined(candidate, f"context {path} maps to no keyword of {native.name}")
        if keyword not in fields:
            context[keyword] = value
    positive, negative = ({**context, **kwargs} for kwargs in found)
    fields = without_implied_presence(fields)  # after the examples, which set the sibling
    return attrs.evolve(
        candidate, fields=fields, kwargs_positive=positive, kwargs_negative=negative
    )


def settable_fields(
    fields: Mapping[str, Any], native: NativeType, library: Library
) -> tuple[dict[str, Any], str | None]:
    """The fields without ``absent`` tests of keywords no config can set (always true there);
    and the first such keyword the rule needs set, if any (then it can never fire)."""
    kept: dict[str, Any] = {}
    for key, spec in fields.items():
        path = keyword_path(native, key)
        if path is not None and library.settable(path):
            kept[key] = spec
        elif spec != {"absent": True}:
            return kept, key
    return kept, None


def held_for_absent(
    fields: Mapping[str, Any], native: NativeType, library: Library
) -> dict[str, Any]:
    """Presence tests of a keyword llem always passes (it holds a value in the default view) say
    nothing through llem: ``absent`` never fires and ``present`` always does. They become tests
    of that value -- what the library sees when a config leaves the keyword alone -- and of any
    other one. The gate replays them like any other predicate."""
    return {key: _held_or(spec, keyword_path(native, key), library) for key, spec in fields.items()}


def _held_or(spec: Any, path: str | None, library: Library) -> Any:
    held = library.held.get(path) if path is not None else None
    if held is None or spec not in ({"absent": True}, {"present": True}):
        return spec
    return held if spec == {"absent": True} else {"!=": held}


def without_implied_presence(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields without a bare ``present`` test of a keyword another field compares with
    (``{"<": "@n"}`` never fires while ``n`` is unset, so ``n: present`` adds nothing)."""
    referenced = {
        operand[1:]
        for spec in fields.values()
        if isinstance(spec, Mapping)
        for operand in spec.values()
        if isinstance(operand, str) and operand.startswith("@") and not operand.startswith("@@")
    }
    return {
        key: spec
        for key, spec in fields.items()
        if not (key in referenced and spec == {"present": True})
    }


def with_guards(fields: Mapping[str, Any], guards: Mapping[str, Any]) -> dict[str, Any]:
    """The fields and the guards, both holding: a guard on a field the rule tests already adds
    its operators to the field's (``type_is_not: int`` and the guard ``> 0``)."""
    merged = dict(fields)
    for key, guard in guards.items():
        spec = merged.get(key)
        if spec is None:
            merged[key] = guard
        elif isinstance(spec, Mapping) and isinstance(guard, Mapping):
            merged[key] = {**guard, **spec}
    return merged


FALSY: tuple[Any, ...] = (False, 0, "", [], {})


def as_typed(spec: Any, type_name: str | None) -> Any:
    """A predicate on a boolean keyword written as the boolean it tests: the static miner's
    ``in: [False, 0, "", [], {}]`` (Python falsiness) or ``!= True`` on a ``bool`` is ``false``."""
    if type_name != "bool" or not isinstance(spec, Mapping) or len(spec) != 1:
        return spec
    ((op, operand),) = spec.items()
    if op in ("==", "!=") and isinstance(operand, bool):
        return operand if op == "==" else not operand
    if op in ("in", "not_in") and isinstance(operand, list) and operand and _falsy(operand):
        return op == "not_in"
    return spec


def _falsy(values: Sequence[Any]) -> bool:
    return all(any(type(v) is type(f) and v == f for f in FALSY) for v in values)


def telling_examples(
    fields: Mapping[str, Any],
    types: Mapping[str, str],
    normalised: Mapping[str, Any],
    avoid: Sequence[Mapping[str, Any]] = (),
    vocabulary: Mapping[str, Sequence[Any]] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """Examples whose negative does not already hold the normalised values (its effect would
    equal the normalised one, telling nothing): the first field broken if that works, else the
    next (``beams != 1 and mode == "greedy"`` is told apart by ``mode="beam"``, not ``beams=1``)."""
    keys = list(fields)
    for start in range(len(keys)):
        order = {key: fields[key] for key in keys[start:] + keys[:start]}
        found = examples(order, types, avoid, vocabulary)
        if found is not None and not _holds(found[1], normalised):
            return found
    return None


def _holds(kwargs: Mapping[str, Any], normalised: Mapping[str, Any]) -> bool:
    return bool(normalised) and all(kwargs.get(key) == value for key, value in normalised.items())


def prefixed(candidate: Candidate, prefix: str) -> Candidate:
    """The candidate with ``prefix`` put before each of its keywords (and sibling references)."""
    if not prefix:
        return candidate
    return attrs.evolve(
        candidate,
        fields={prefix + key: _prefix_refs(spec, prefix) for key, spec in candidate.fields.items()},
        kwargs_positive=_prefix_keys(candidate.kwargs_positive, prefix),
        kwargs_negative=_prefix_keys(candidate.kwargs_negative, prefix),
        normalised=_prefix_keys(candidate.normalised, prefix),
    )


def _prefix_keys(mapping: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    return {prefix + key: value for key, value in mapping.items()}


def _prefix_refs(spec: Any, prefix: str) -> Any:
    if isinstance(spec, Mapping):
        return {op: _prefix_refs(operand, prefix) for op, operand in spec.items()}
    if _is_ref(spec):
        return "@" + prefix + spec[1:]
    return spec


def _is_ref(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("@") and not value.startswith("@@")


def _unmined(candidate: Candidate, reason: str) -> Unmined:
    construct = f"{candidate.native_type} {dict(candidate.fields)}"
    return Unmined(candidate.where, construct, reason, candidate.added_by)


def to_rule(candidate: Candidate, library: Library, taken: set[str]) -> Rule:
    """The corpus entry of a (targeted) candidate; ``taken``: ids already used (updated)."""
    native = library.native_types[candidate.native_type]
    fields = {
        _path(native, key): _path_refs(native, key, spec) for key, spec in candidate.fields.items()
    }
    rule: Rule = {
        "id": rule_id(library.engine, candidate, taken),
        "engine": library.engine,
        "severity": candidate.severity,
        "native_type": candidate.native_type,
        "match": {"fields": fields},
        "kwargs_positive": dict(candidate.kwargs_positive),
        "kwargs_negative": dict(candidate.kwargs_negative),
        "expected_outcome": candidate.expected_outcome,
        "message_template": candidate.message_template,
        "source": _source(candidate, library),
        "added_by": candidate.added_by,
    }
    if candidate.normalised:
        rule["normalised"] = {_path(native, k): v for k, v in candidate.normalised.items()}
    if candidate.description:
        rule["description"] = candidate.description
    return rule


def _path(native: NativeType, keyword: str) -> str:
    path = keyword_path(native, keyword)
    if path is None:
        raise KeyError(f"{native.name} maps keyword {keyword!r} to no config path")
    return path


def _path_refs(native: NativeType, keyword: str, spec: Any) -> Any:
    """Sibling references made into paths from the root when the sibling lives elsewhere."""
    if isinstance(spec, Mapping):
        return {op: _path_refs(native, keyword, operand) for op, operand in spec.items()}
    if not _is_ref(spec):
        return spec
    here, there = _path(native, keyword), _path(native, spec[1:])
    same_parent = here.rpartition(".")[0] == there.rpartition(".")[0]
    return "@" + (there.rpartition(".")[2] if same_parent else there)


def _source(candidate: Candidate, library: Library) -> dict[str, Any]:
    where = candidate.where
    source: dict[str, Any] = {"library": library.library, "version": library.version}
    source.update(file=where.file, method=where.method)
    if where.line is not None:
        source["line"] = where.line
    commit = library.commits.get(where.file, library.commits.get("*"))
    if commit is not None:
        source["commit"] = commit
    return source
