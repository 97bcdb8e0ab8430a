"""Two keywords each accepted alone that are not accepted together.

While :mod:`.dormant` looks for what activates an inert keyword ``x``, a sibling ``y`` whose pair
with ``x`` raises (prompt lookup with a static cache), or warns where neither alone does (prompt
lookup with beams), is a conflict. ``y``'s values are then swept with ``x`` held, and ``x``'s with
``y`` held at a value that showed it: the values at which the pair shows the outcome become each
keyword's predicate (a numeric region, one boolean, one value or the listed values; "set" when
every value does). A value that raises alone with the same message says nothing and is left out.
A pair that warns and keeps ``y``'s own effect says ``x`` is ignored there: a dormant rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs

from llem_miners.dynamic.findings import Finding, FindingOutcome
from llem_miners.dynamic.observe import Probe, strip_exception_class
from llem_miners.dynamic.probes import is_number, is_wrong_type, kind_of, sort_key
from llem_miners.dynamic.regions import firing_runs, run_predicates
from llem_miners.dynamic.series import Series, set_predicate
from llem_miners.dynamic.template import message_template
from llem_miners.replay import Observation, Replayer

PairOutcome = Literal["raise", "warn", "same", "quiet"]


@attrs.frozen
class Pair:
    """``inert`` set to ``value`` beside ``sibling`` set to ``sibling_value``."""

    inert: Series
    value: Any
    sibling: Series
    sibling_value: Any


def new_warnings(paired: Observation, *alone: Observation) -> list[str]:
    """The warnings of ``paired`` that none of the ``alone`` replays shows."""
    seen = {text for observation in alone for text in observation.warnings}
    return [text for text in paired.warnings if text not in seen]


def pair_outcome(paired: Observation, *alone: Observation) -> PairOutcome:
    """``raise`` / ``warn`` when the pair shows what neither keyword shows alone; ``same`` when
    it raises as one of them does alone (nothing said); else ``quiet``. A pair that warns where
    one keyword raised alone still warns (beam search ignores prompt lookup, valid or not)."""
    if paired.raised is not None:
        own = {strip_exception_class(o.raised) for o in alone if o.raised is not None}
        return "same" if strip_exception_class(paired.raised) in own else "raise"
    return "warn" if new_warnings(paired, *alone) else "quiet"


def conflict_finding(
    replayer: Replayer, native_type: str, pair: Pair
) -> tuple[Finding | None, int]:
    """The finding a conflicting pair shows, both keywords' values swept; and replays run."""
    inert, sibling = pair.inert, pair.sibling
    sibling_points, replays = sweep(replayer, native_type, (inert.keyword, pair.value), sibling)
    shown = next((p for p in sibling_points if _same(p.value, pair.sibling_value)), None)
    if shown is None or shown.outcome not in ("raise", "warn"):
        return None, replays
    outcome: FindingOutcome = "raise" if shown.outcome == "raise" else "warn"
    held = (sibling.keyword, shown.value)
    inert_points, more = sweep(replayer, native_type, held, inert)
    predicates = (region(inert, inert_points, outcome), region(sibling, sibling_points, outcome))
    if None in predicates:
        return None, replays + more
    fields = {inert.keyword: predicates[0], sibling.keyword: predicates[1]}
    return _finding(pair, outcome, fields, shown), replays + more


def sweep(
    replayer: Replayer, native_type: str, held: tuple[str, Any], swept: Series
) -> tuple[list[Probe], int]:
    """Each accepted value of ``swept`` paired with the ``held`` keyword's value, as a
    :class:`Probe` with the pair's outcome (:func:`pair_outcome`; its default point:
    ``quiet``), ``unchanged`` when the pair kept the swept keyword's own effect; and the
    replays run."""
    held_alone = replayer.replay(native_type, dict([held]))
    kind = kind_of(swept.facts)
    accepted = [p for p in swept.replayed() if not is_wrong_type(kind, p.value)]
    points = [_paired(replayer, native_type, held, held_alone, swept.keyword, p) for p in accepted]
    defaults = [Probe(p.value, "quiet") for p in swept.probes if p.outcome == "default"]
    ordered = sorted([*points, *defaults], key=lambda point: sort_key(point.value))
    return ordered, 1 + 2 * len(points)


def _paired(
    replayer: Replayer,
    native_type: str,
    held: tuple[str, Any],
    held_alone: Observation,
    keyword: str,
    probe: Probe,
) -> Probe:
    paired = replayer.replay(native_type, dict([held, (keyword, probe.value)]))
    alone = replayer.replay(native_type, {keyword: probe.value})
    outcome = pair_outcome(paired, alone, held_alone)
    kept = paired.raised is None and paired.effect == alone.effect
    message = _message(paired, alone, held_alone)
    return Probe(probe.value, outcome, message, paired.effect, kept)


def _message(paired: Observation, *alone: Observation) -> str:
    if paired.raised is not None:
        return strip_exception_class(paired.raised)
    return next(iter(new_warnings(paired, *alone)), "")


def _same(left: Any, right: Any) -> bool:
    return type(left) is type(right) and left == right


def region(series: Series, points: Sequence[Probe], outcome: str) -> Any:
    """The keyword's values at which the pair shows ``outcome``: "set" when every swept value
    does, a numeric region (one only), a boolean, a value, or ``in`` the values; ``None`` when
    it cannot be said."""
    points = _telling(points, outcome)
    firing = [point.value for point in points if point.outcome == outcome]
    if not firing:
        return None
    if all(point.outcome == outcome for point in points):
        return set_predicate(series)
    if kind_of(series.facts) in ("int", "float"):
        numeric = sorted((p for p in points if is_number(p.value)), key=lambda p: p.value)
        found = run_predicates(numeric, firing_runs(numeric, {outcome}), series.facts.thresholds)
        return found[0][0] if len(found) == 1 and found[0][0] else None
    return firing[0] if len(firing) == 1 else {"in": firing}


def _telling(points: Sequence[Probe], outcome: str) -> list[Probe]:
    """A value at which the pair raises as one keyword does alone says nothing about a raise
    (left out), and is no warning (quiet)."""
    if outcome == "raise":
        return [point for point in points if point.outcome != "same"]
    return [attrs.evolve(p, outcome="quiet") if p.outcome == "same" else p for p in points]


def _finding(pair: Pair, outcome: FindingOutcome, fields: dict[str, Any], shown: Probe) -> Finding:
    keyword, sibling = pair.inert.keyword, pair.sibling.keyword
    template = message_template(keyword, [pair.value], [shown.message])
    verb = {"raise": "raises", "warn": "warns"}[outcome]
    ignored = outcome == "warn" and shown.unchanged
    return Finding(
        keyword=keyword,
        outcome=outcome,
        fields=fields,
        template=template,
        description=f"{keyword} is accepted alone but {verb} with {sibling} (probed pairwise).",
        observed=({keyword: pair.value, sibling: shown.value}, {keyword: pair.value}),
        normalised={keyword: pair.inert.facts.unset_default()} if ignored else {},
        dormant=ignored,
    )
