"""A number of the other numeric type: ``2`` where a float is declared, ``2.0`` where an int is.

A YAML file says ``encoder_repetition_penalty: 2`` and transformers raises ("has to be a strictly
positive float"); ``num_beams: 2.0`` fails deep inside ``generate``. A plain ``int`` or ``float``
keyword is replayed with the standard probe values in the other type. When one raises where the
same value of the declared type did not, the type matters, and the values of the other type that
raise become the rule: ``{type_is: int, "!=": 1}`` (``1`` is the default: the check never runs).
"""

from __future__ import annotations

from typing import Any

from llem_miners.dynamic.findings import Finding
from llem_miners.dynamic.observe import Probe, classify
from llem_miners.dynamic.probes import LARGE, MAX_PROBES, kind_of
from llem_miners.dynamic.regions import firing_runs, run_predicates
from llem_miners.dynamic.series import Series
from llem_miners.dynamic.template import message_template
from llem_miners.replay import Observation, Replayer

CROSS_VALUES = (-1, 0, 1, LARGE)
OTHER = {"int": ("float", float), "float": ("int", int)}


def cross_type_finding(
    replayer: Replayer,
    native_type: str,
    series: Series,
    baseline: Observation,
    max_probes: int = MAX_PROBES,
) -> tuple[Finding | None, int]:
    """The rule on ``series``'s keyword set to a number of the other type, if the type matters;
    and the replays run (none when they would take the keyword past ``max_probes``)."""
    room = max_probes - len(series.replayed())
    if series.facts.type_name not in OTHER or kind_of(series.facts) not in OTHER:
        return None, 0
    if room < len(CROSS_VALUES):
        return None, 0
    name, convert = OTHER[series.facts.type_name]
    keyword = series.keyword
    points = [
        classify(value, replayer.replay(native_type, {keyword: value}), baseline)
        for value in (convert(number) for number in CROSS_VALUES)
    ]
    telling = [p for p in points if p.outcome == "raise" and _twin(series, p.value) != "raise"]
    predicate = _region(points, series.facts.thresholds)
    if not telling or predicate is None:
        return None, len(points)
    return _finding(series, {"type_is": name, **predicate}, points, telling[0]), len(points)


def _twin(series: Series, value: Any) -> str | None:
    """What the same value of the declared type did (``None``: not probed)."""
    for probe in series.probes:
        same = not isinstance(probe.value, bool) and isinstance(probe.value, int | float)
        if same and probe.value == value:
            return probe.outcome
    return None


def _region(points: list[Probe], thresholds: tuple[Any, ...]) -> dict[str, Any] | None:
    """The raising values as one bound (``{}``: all of them); ``None`` for several runs."""
    runs = firing_runs(points, {"raise"})
    if len(runs) == 1 and runs[0] == (0, len(points) - 1):
        return {}
    found = run_predicates(points, runs, thresholds)
    return found[0][0] if len(found) == 1 and found[0][0] else None


def _finding(
    series: Series, predicate: dict[str, Any], points: list[Probe], shown: Probe
) -> Finding:
    keyword = series.keyword
    raised = [point for point in points if point.outcome == "raise"]
    values = [point.value for point in raised]
    template = message_template(keyword, values, [p.message for p in raised], raised.index(shown))
    quiet = [point.value for point in points if point.outcome != "raise"]
    negative = {keyword: quiet[0]} if quiet else {}
    type_name = predicate["type_is"]
    return Finding(
        keyword=keyword,
        outcome="raise",
        fields={keyword: predicate},
        template=template,
        description=f"Set alone to {type_name} values, {keyword} raised for {values!r}.",
        observed=({keyword: shown.value}, negative),
        probed=tuple(points),
    )
