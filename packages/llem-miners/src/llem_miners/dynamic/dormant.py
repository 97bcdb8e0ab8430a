"""A keyword that changes nothing when set alone: find the siblings that make it count.

For an inert keyword ``x`` (every accepted probe value left the baseline's effect, with or without
a warning), each other probed keyword ``y`` is set to its first value that had an effect alone,
together with ``x``; when that raises or its effect differs from ``y``'s alone, ``y`` activates
``x``. The finding is a dormant rule: ``x`` set, every activating sibling unset (``absent``, or
equal to its non-null default), outcome ``warn`` when the library warned, else ``ignore``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from llem_miners.dynamic.conflicts import Pair, new_warnings
from llem_miners.dynamic.findings import Finding, Gap, inert_probes, is_inert
from llem_miners.dynamic.observe import Probe
from llem_miners.dynamic.probes import is_number, is_wrong_type, kind_of
from llem_miners.dynamic.regions import firing_runs, run_predicates
from llem_miners.dynamic.series import Series, set_predicate, unset_predicate
from llem_miners.dynamic.template import message_template
from llem_miners.replay import Replayer
from llem_miners.values import unique

Activator = tuple[Series, Probe]


def activation_value(series: Series) -> Probe | None:
    """The first probe of ``series`` (its own type) that changed the effect when set alone."""
    kind = kind_of(series.facts)
    for probe in series.probes:
        if probe.outcome == "effect" and not is_wrong_type(kind, probe.value):
            return probe
    return None


def inert_values(series: Series) -> list[Any]:
    """Up to three accepted values of the inert keyword to try with each sibling, the most
    telling first: the one at the median distance from a numeric default (a value too near the
    default may change nothing even once it counts), then the nearest and the farthest."""
    probes = inert_probes(series)
    default = series.facts.unset_default()
    if is_number(default) and all(is_number(probe.value) for probe in probes):
        probes = sorted(probes, key=lambda probe: (abs(probe.value - default), probe.value))
    picks = [probes[len(probes) // 2], probes[0], probes[-1]]
    return unique([probe.value for probe in picks])


@attrs.frozen
class Activation:
    """What pairing an inert keyword with each sibling showed: the siblings that make it count
    (``found``), the pairs that raised or warned anew (``conflicts``, :mod:`.conflicts`), and
    the replays run."""

    found: list[Activator]
    conflicts: list[Pair]
    replays: int


def activators(
    replayer: Replayer, native_type: str, inert: Series, siblings: Sequence[Series]
) -> Activation:
    """The siblings (with the value tried) that make ``inert``'s value count, and the pairs
    that conflict. A pair that raises does both: ``inert`` is not ignored beside it."""
    found: list[Activator] = []
    conflicts: list[Pair] = []
    values = inert_values(inert)
    alone = [replayer.replay(native_type, {inert.keyword: value}) for value in values]
    replays = len(values)
    for sibling in siblings:
        probe = activation_value(sibling)
        if sibling.keyword == inert.keyword or probe is None:
            continue
        for value, inert_alone in zip(values, alone, strict=True):
            observation = replayer.replay(
                native_type, {inert.keyword: value, sibling.keyword: probe.value}
            )
            replays += 1
            raised = observation.raised is not None
            conflicting = raised or bool(new_warnings(observation, inert_alone))
            activating = raised or observation.effect != probe.effect
            conflicts += [Pair(inert, value, sibling, probe.value)] if conflicting else []
            found += [(sibling, probe)] if activating else []
            if conflicting or activating:
                break
    return Activation(found, conflicts, replays)


def dormant_finding(inert: Series, found: Sequence[Activator]) -> Finding | Gap | None:
    """The dormant rule for ``inert`` given its activating siblings; without any, a gap when the
    keyword was silently inert or changes speed only (``None`` when it warned: its warning rules
    stand)."""
    keyword = inert.keyword
    warned = [probe for probe in inert_probes(inert) if probe.outcome == "warn"]
    if inert.facts.speed_only and not warned:
        reason = "it changes speed, not output (speed_only): the replay cannot see its effect"
        return Gap(f"{keyword} (inert when set alone)", reason)
    if not found:
        if warned:
            return None
        reason = "it changed nothing at any probe value, and no probed sibling activates it"
        return Gap(f"{keyword} (inert when set alone)", reason)
    value = inert_values(inert)[0]
    fields: dict[str, Any] = {keyword: inert_predicate(inert)}
    fields.update((sibling.keyword, unset_predicate(sibling)) for sibling, _ in found)
    names = " or ".join(sibling.keyword for sibling, _ in found)
    template = f"{keyword}={{{keyword}}} has no effect unless {names} is set"
    if warned:
        template = message_template(keyword, [p.value for p in warned], [p.message for p in warned])
    first_sibling, first_probe = found[0]
    return Finding(
        keyword=keyword,
        outcome="warn" if warned else "ignore",
        fields=fields,
        template=template,
        description=f"{keyword} changes nothing unless {names} is set (probed pairwise).",
        observed=({keyword: value}, {keyword: value, first_sibling.keyword: first_probe.value}),
        normalised={keyword: inert.facts.unset_default()},
        dormant=True,
    )


def inert_predicate(series: Series) -> Any:
    """The inert keyword set: its values that did not raise, as one numeric region when some
    did (``num_return_sequences <= 1``: more raises while greedy); else present / not default."""
    points = sorted(
        (p for p in series.probes if is_number(p.value) and not isinstance(p.value, bool)),
        key=lambda p: p.value,
    )
    if not any(point.outcome == "raise" for point in points):
        return set_predicate(series)
    quiet = {"ignore", "warn", "default"}
    found = run_predicates(points, firing_runs(points, quiet), series.facts.thresholds)
    return found[0][0] if len(found) == 1 and found[0][0] else set_predicate(series)


def inert_series(all_series: Sequence[Series]) -> list[Series]:
    return [series for series in all_series if is_inert(series)]
