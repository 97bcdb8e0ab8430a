"""Point the dynamic miner at an engine: which keywords of which native type to probe, with the
thresholds the static miner and the lifts found, the types the schema gives and the defaults.

Only keywords another miner found a check on are probed (probing every parameter of
``generate`` would take hours and find mostly nothing), and those a ``probe_tested`` target's code
tests; the probes then confirm those checks, sharpen their boundaries and find what the static
reading missed around them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from llem.records import MineTarget
from llem_miners.assemble import keyword_path
from llem_miners.candidate import MineResult, Where
from llem_miners.dynamic import KeywordFacts, ProbeStats, mine_dynamic_with_stats
from llem_miners.static.source import relative_file, resolve
from llem_miners.values import same as _same

if TYPE_CHECKING:
    from llem_miners.setup import MiningSetup

Found = list[tuple[MineTarget, MineResult]]


def mine_dynamic_targets(setup: MiningSetup, found: Found) -> tuple[Found, dict[str, int]]:
    """One dynamic target per native type that the other miners found checks on (none when
    the engine has no replayer)."""
    results: Found = []
    totals: dict[str, int] = {}
    if setup.replayer is None:
        return results, totals
    for native_type, thresholds in sorted(keyword_thresholds(found).items()):
        native = setup.library.native_types[native_type]
        facts = {
            keyword: KeywordFacts(
                type_name=_type(setup, native_type, keyword),
                thresholds=values,
                declared=_declared(setup, native_type, keyword),
                library_default=_unset_default(setup, native_type, keyword),
                speed_only=f"{native_type}.{keyword}" in setup.spec.speed_only,
            )
            for keyword, values in sorted(thresholds.items())
            if f"{native_type}.{keyword}" not in setup.spec.unprobed
        }
        where = target_where(native.target, native_type)
        replayer = setup.replayer
        result, stats = mine_dynamic_with_stats(native_type, replayer, facts, where=where)
        results.append((MineTarget(native_type=native_type), result))
        for key, value in stats_items(stats):
            totals[key] = totals.get(key, 0) + value
    return results, totals


def target_where(target: str, native_type: str) -> Where:
    """Where the native type's entry point is defined (the file and line of the class or method
    the replayer constructs or calls): what a rule the probes found is about."""
    try:
        entry = inspect.unwrap(resolve(target))  # generate is wrapped by torch's no_grad
        file = relative_file(entry)
        line: int | None = inspect.getsourcelines(entry)[1]
    except (ImportError, AttributeError, OSError, TypeError, ValueError):
        return Where(file=target, method=native_type)
    return Where(file=file, method=target.partition(":")[2] or native_type, line=line)


def keyword_thresholds(found: Found) -> dict[str, dict[str, list[Any]]]:
    """native type -> keyword (with its target's prefix) -> the operands checked against it."""
    table: dict[str, dict[str, list[Any]]] = {}
    for target, result in found:
        pairs = [(c.native_type, k, s) for c in result.candidates for k, s in c.fields.items()]
        if target.probe_tested:
            pairs += [(target.native_type, k, {"==": operand}) for k, operand in result.tested]
        for native_type, keyword, spec in pairs:
            values = table.setdefault(native_type, {}).setdefault(target.prefix + keyword, [])
            values += [v for v in operands(spec) if not any(_same(v, o) for o in values)]
    return table


def operands(spec: Any) -> Iterator[Any]:
    """The literal numbers and strings a predicate compares with (references left out)."""
    items: Sequence[Any] = list(spec.values()) if isinstance(spec, Mapping) else [spec]
    for item in items:
        for value in item if isinstance(item, list | tuple) else [item]:
            if isinstance(value, bool) or value is None:
                continue
            if isinstance(value, str) and value.startswith("@"):
                continue
            if isinstance(value, int | float | str):
                yield value


def _type(setup: MiningSetup, native_type: str, keyword: str) -> str | None:
    path = keyword_path(setup.library.native_types[native_type], keyword)
    return setup.library.types.get(path) if path else None


def _declared(setup: MiningSetup, native_type: str, keyword: str) -> str | None:
    path = keyword_path(setup.library.native_types[native_type], keyword)
    return setup.library.declared.get(path) if path else None


def _unset_default(setup: MiningSetup, native_type: str, keyword: str) -> Any:
    """The library's default of a keyword llem does not pass unless a config sets it."""
    path = keyword_path(setup.library.native_types[native_type], keyword)
    if path is None or setup.library.held.get(path) is not None:
        return None
    return setup.library.defaults.get(path)


def stats_items(stats: ProbeStats) -> list[tuple[str, int]]:
    """The probe counts as (name, number) pairs, for the report."""
    return [(field.name, getattr(stats, field.name)) for field in attrs.fields(ProbeStats)]
