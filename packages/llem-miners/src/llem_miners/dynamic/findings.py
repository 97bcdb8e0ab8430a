"""What one keyword's probe series shows: raising / warning value regions, a rejected outside
value, a rejected wrong type, values that change nothing, or a keyword that cannot be set alone.

A :class:`Finding` is a rule before its examples are attached (:mod:`.emit` does that); a
:class:`Gap` is what the series shows but cannot be stated as a rule (it becomes an ``Unmined``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

import attrs

from llem_miners.dynamic.observe import Probe
from llem_miners.dynamic.probes import OUTSIDE, is_number, is_wrong_type, kind_of, wrong_type_name
from llem_miners.dynamic.regions import firing_runs, run_predicates
from llem_miners.dynamic.series import Series
from llem_miners.dynamic.template import message_template

FindingOutcome = Literal["raise", "warn", "ignore"]


@attrs.frozen
class Finding:
    """A rule on ``keyword``: ``fields`` (keyword first), the outcome it shows, its message
    template, and the probe kwargs that showed it (``observed``: positive, negative).
    ``dormant``: the value changes nothing (the outcome is then ``warn`` or ``ignore``)."""

    keyword: str
    outcome: FindingOutcome
    fields: dict[str, Any]
    template: str
    description: str
    observed: tuple[dict[str, Any], dict[str, Any]]
    normalised: dict[str, Any] = attrs.field(factory=dict)
    probed: tuple[Probe, ...] = ()
    dormant: bool = False

    def outcome_of(self, kwargs: Mapping[str, Any]) -> str | None:
        """What the probes showed for ``kwargs`` when it sets this keyword alone to a probed
        value (``None``: not known)."""
        if list(kwargs) != [self.keyword]:
            return None
        value = kwargs[self.keyword]
        for probe in self.probed:
            if type(probe.value) is type(value) and probe.value == value:
                return probe.outcome
        return None


@attrs.frozen
class Gap:
    """Something the probes showed that the miner cannot state as a rule."""

    construct: str
    reason: str


def series_findings(series: Series) -> list[Finding | Gap]:
    """Every finding of one keyword's series, in a fixed order (numeric regions by outcome, then
    allowed values, booleans, wrong type)."""
    replayed = series.replayed()
    if needs_sibling(series) and is_untyped(series):
        return [set_at_all_finding(series)]
    if needs_sibling(series):
        values = ", ".join(repr(probe.value) for probe in replayed)
        reason = "every probe value raised when set alone: the keyword needs a sibling"
        return [Gap(f"{series.keyword} in ({values})", reason)]
    return [
        *numeric_findings(series),
        *allowed_value_findings(series),
        *bool_findings(series),
        *wrong_type_findings(series),
    ]


def is_untyped(series: Series) -> bool:
    """The schema types the keyword ``Any``: no value is known to be valid."""
    return series.facts.declared == "Any"


def set_at_all_finding(series: Series) -> Finding:
    """An ``Any`` keyword that raised whatever it was set to: setting it at all raises
    (transformers' ``dola_layers``, whose mode moved to the Hub). What may make it valid is
    found like any context (:mod:`.context`)."""
    keyword, region = series.keyword, series.replayed()
    values = [probe.value for probe in region]
    template = message_template(keyword, values, [probe.message for probe in region])
    description = f"Set alone, {keyword} raised for every probe value {values!r}."
    observed: tuple[dict[str, Any], dict[str, Any]] = ({keyword: values[0]}, {})
    fields = {keyword: {"present": True}}
    return Finding(keyword, "raise", fields, template, description, observed, {}, series.probes)


def needs_sibling(series: Series) -> bool:
    """Every probe raised, a plausible value among them (not only an outside or wrong value)."""
    kind = kind_of(series.facts)
    replayed = series.replayed()
    plausible = [
        probe
        for probe in replayed
        if not is_wrong_type(kind, probe.value)
        and not (probe.value == OUTSIDE and kind in ("str", "categorical"))
    ]
    return bool(plausible) and all(probe.outcome == "raise" for probe in replayed)


def numeric_findings(series: Series) -> Iterator[Finding]:
    """One finding per contiguous raising (warning, ignored) region of the numeric probes."""
    points = sorted(
        (probe for probe in series.probes if is_number(probe.value)), key=lambda p: p.value
    )
    for outcome in ("raise", "warn", "ignore"):
        if outcome == "ignore" and (is_inert(series) or series.facts.speed_only):
            continue  # :mod:`.dormant` looks for the sibling that activates it
        runs = firing_runs(points, {outcome})
        for predicate, (start, end) in run_predicates(points, runs, series.facts.thresholds):
            region = [point for point in points[start : end + 1] if point.outcome == outcome]
            quiet = _nearest_quiet(points, start, end, outcome)
            boundary = -1 if start == 0 and end < len(points) - 1 else 0
            yield _finding(series, outcome, predicate, region, quiet, boundary)  # type: ignore[arg-type]


def _nearest_quiet(points: Sequence[Probe], start: int, end: int, outcome: str) -> Probe:
    inner = [point for point in points[start : end + 1] if point.outcome != outcome]
    if inner:
        return inner[0]
    return points[start - 1] if start > 0 else points[end + 1]


def allowed_value_findings(series: Series) -> Iterator[Finding | Gap]:
    """A rejected outside string against the allowed values (thresholds) that were accepted."""
    outside = next((probe for probe in series.probes if probe.value == OUTSIDE), None)
    if outside is None or kind_of(series.facts) not in ("str", "categorical"):
        return
    if outside.outcome not in ("raise", "warn"):
        return
    allowed = _allowed_values(series)
    accepted = [p for p in series.probes if _listed(p.value, allowed) and p.outcome != "raise"]
    if not accepted:
        yield Gap(
            f"{series.keyword}={OUTSIDE!r}",
            "an outside value is rejected but the allowed values are not known",
        )
        return
    predicate = {"not_in": [probe.value for probe in accepted]}
    yield _finding(series, outside.outcome, predicate, [outside], accepted[0])


def _allowed_values(series: Series) -> list[Any]:
    if kind_of(series.facts) == "str":
        return [value for value in series.facts.thresholds if isinstance(value, str)]
    return list(series.facts.thresholds)


def _listed(value: Any, allowed: Sequence[Any]) -> bool:
    return any(type(value) is type(item) and value == item for item in allowed)


def bool_findings(series: Series) -> Iterator[Finding]:
    """One boolean value that raises (or warns) while the other one does not."""
    flags = [probe for probe in series.probes if isinstance(probe.value, bool)]
    if kind_of(series.facts) != "bool" or len(flags) != 2:
        return
    for probe, other in (flags, flags[::-1]):
        if probe.outcome in ("raise", "warn") and other.outcome != probe.outcome:
            yield _finding(series, probe.outcome, probe.value, [probe], other)


def wrong_type_findings(series: Series) -> Iterator[Finding]:
    """A value of the wrong type that raises (only when the keyword's type is declared). For a
    list keyword, each raising value's own type is the rule (``type_is: number``): a list of the
    wrong elements may raise too, and the probes do not tell which lists."""
    kind = kind_of(series.facts)
    type_name = wrong_type_name(kind)
    if series.facts.type_name is None or (type_name is None and kind != "list"):
        return
    quiet = [probe for probe in series.probes if probe.outcome not in ("raise", "warn")]
    for probe in series.probes:
        if is_wrong_type(kind, probe.value) and probe.outcome == "raise" and quiet:
            predicate = (
                {"type_is": "number" if is_number(probe.value) else "str"}
                if kind == "list"
                else {"type_is_not": type_name}
            )
            yield _finding(series, "raise", predicate, [probe], quiet[0])


def inert_probes(series: Series) -> list[Probe]:
    """The probes of the keyword's own type that did not raise."""
    kind = kind_of(series.facts)
    return [
        probe
        for probe in series.replayed()
        if not is_wrong_type(kind, probe.value) and probe.outcome != "raise"
    ]


def is_inert(series: Series) -> bool:
    """Every accepted probe value (warned about or not) left the effect as the baseline's."""
    own = inert_probes(series)
    return bool(own) and all(probe.unchanged for probe in own)


def _finding(
    series: Series,
    outcome: FindingOutcome,
    predicate: Any,
    region: Sequence[Probe],
    quiet: Probe,
    boundary: int | None = None,
) -> Finding:
    """``boundary``: the index in ``region`` of the probe next to the quiet side (a numeric
    region's), whose message the template falls back on."""
    keyword = series.keyword
    values = [probe.value for probe in region]
    prefer = None if boundary is None else range(len(region))[boundary]
    template = message_template(keyword, values, [probe.message for probe in region], prefer)
    if outcome == "ignore":
        template = f"{keyword}={{{keyword}}} has no effect"
    verb = {"raise": "raised", "warn": "warned", "ignore": "changed nothing"}[outcome]
    description = f"Set alone, {keyword} {verb} for the probe values {values!r}."
    normalised = {keyword: series.facts.unset_default()} if outcome == "ignore" else {}
    observed = ({keyword: values[0]}, {keyword: quiet.value})
    fields = {keyword: predicate}
    return Finding(
        keyword, outcome, fields, template, description, observed, normalised, series.probes
    )
