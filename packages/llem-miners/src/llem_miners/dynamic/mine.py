"""The dynamic miner: replay a native type with boundary values per keyword and read off rules.

Each keyword (sorted) is replayed alone with its probe values (:mod:`.probes`) and each result is
classified against the baseline, the replay with no kwargs (:mod:`.observe`); the series become
findings (:mod:`.findings`, :mod:`.dormant`), each finding gains the siblings that undo it
(:mod:`.context`), and those become candidates (:mod:`.emit`). Probes are capped per keyword and
the whole run by a time budget; keywords left when it is spent are reported as unmined.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import attrs

from llem_miners.candidate import Candidate, MineResult, Unmined, Where
from llem_miners.dynamic.conflicts import Pair, conflict_finding
from llem_miners.dynamic.context import with_context
from llem_miners.dynamic.cross import cross_type_finding
from llem_miners.dynamic.dormant import activators, dormant_finding, inert_series
from llem_miners.dynamic.emit import to_candidate, to_unmined
from llem_miners.dynamic.facts import KeywordFacts, ProbeStats
from llem_miners.dynamic.findings import Finding, Gap, series_findings
from llem_miners.dynamic.probes import MAX_PROBES
from llem_miners.dynamic.series import Series, probe_keyword
from llem_miners.replay import Observation, Replayer

TIME_BUDGET_S = 600.0

Clock = Callable[[], float]


def mine_dynamic(
    native_type: str,
    replayer: Replayer,
    keywords: Mapping[str, KeywordFacts],
    *,
    where: Where,
) -> MineResult:
    """Candidates mined by replaying ``native_type`` with probe values of each keyword."""
    return mine_dynamic_with_stats(native_type, replayer, keywords, where=where)[0]


def mine_dynamic_with_stats(
    native_type: str,
    replayer: Replayer,
    keywords: Mapping[str, KeywordFacts],
    *,
    where: Where,
    max_probes: int = MAX_PROBES,
    time_budget_s: float = TIME_BUDGET_S,
    clock: Clock = time.monotonic,
) -> tuple[MineResult, ProbeStats]:
    """:func:`mine_dynamic`, with the probe counts; ``max_probes`` per keyword."""
    baseline = replayer.replay(native_type, {})
    if baseline.raised is not None:
        gap = Gap(f"{native_type}()", f"the replay with no kwargs raised: {baseline.raised}")
        return MineResult(unmined=(to_unmined(gap, where),)), ProbeStats()
    all_series, late = _probe_all(
        replayer, native_type, keywords, baseline, max_probes, clock() + time_budget_s, clock
    )
    outputs: list[Finding | Gap] = [item for one in all_series for item in series_findings(one)]
    cross, cross_replays = _cross_types(replayer, native_type, all_series, baseline, max_probes)
    outputs += cross
    sibling_replays = 0
    for inert in inert_series(all_series):
        activation = activators(replayer, native_type, inert, all_series)
        conflicts, replays = _conflict_findings(replayer, native_type, activation.conflicts)
        sibling_replays += activation.replays + replays
        dormant = dormant_finding(inert, activation.found)
        if isinstance(dormant, Finding):
            outputs = [item for item in outputs if not _superseded(item, inert.keyword)]
        outputs += [*([dormant] if dormant is not None else []), *conflicts]
    outputs, replays = _in_context(replayer, native_type, outputs, all_series)
    result = _result(outputs, native_type, where, keywords)
    unmined = result.unmined + tuple(to_unmined(gap, where) for gap in late)
    stats = _stats(all_series, sibling_replays + replays)
    return MineResult(result.candidates, unmined), attrs.evolve(
        stats, probes=stats.probes + cross_replays
    )


def _cross_types(
    replayer: Replayer,
    native_type: str,
    all_series: list[Series],
    baseline: Observation,
    max_probes: int,
) -> tuple[list[Finding], int]:
    """Each plain number keyword set to numbers of the other type (:mod:`.cross`), and the
    replays run."""
    found: list[Finding] = []
    replays = 0
    for series in all_series:
        finding, count = cross_type_finding(replayer, native_type, series, baseline, max_probes)
        replays += count
        found += [finding] if finding is not None else []
    return found, replays


def _conflict_findings(
    replayer: Replayer, native_type: str, pairs: list[Pair]
) -> tuple[list[Finding], int]:
    """The finding of each conflicting pair (:mod:`.conflicts`), and the replays run."""
    findings: list[Finding] = []
    replays = 0
    for pair in pairs:
        finding, count = conflict_finding(replayer, native_type, pair)
        replays += count
        findings += [finding] if finding is not None else []
    return findings, replays


def _in_context(
    replayer: Replayer, native_type: str, outputs: list[Finding | Gap], all_series: list[Series]
) -> tuple[list[Finding | Gap], int]:
    """Each finding with the siblings that undo it (:mod:`.context`), and what a sibling that
    undoes an error shows instead when it warns (dola layers with beams: ignored, with a warning);
    and the replays run."""
    kept: list[Finding | Gap] = []
    replays = 0
    for item in outputs:
        if isinstance(item, Finding):
            in_context = with_context(replayer, native_type, item, all_series)
            warned, count = _conflict_findings(replayer, native_type, in_context.undoing)
            replays += in_context.replays + count
            kept += [*in_context.findings, *(f for f in warned if f.outcome == "warn")]
        else:
            kept.append(item)
    return kept, replays


def _probe_all(
    replayer: Replayer,
    native_type: str,
    keywords: Mapping[str, KeywordFacts],
    baseline: Observation,
    max_probes: int,
    deadline: float,
    clock: Clock,
) -> tuple[list[Series], list[Gap]]:
    """The series of each keyword in name order, and a gap for each one past the deadline."""
    all_series: list[Series] = []
    late: list[Gap] = []
    for keyword in sorted(keywords):
        if clock() > deadline:
            late.append(Gap(keyword, "the time budget ran out before it was probed"))
            continue
        facts = keywords[keyword]
        all_series.append(
            probe_keyword(replayer, native_type, keyword, facts, baseline, max_probes)
        )
    return all_series, late


def _result(
    outputs: list[Finding | Gap],
    native_type: str,
    where: Where,
    keywords: Mapping[str, KeywordFacts],
) -> MineResult:
    ordered = sorted(_distinct(outputs), key=item_key)  # stable: a keyword's order is kept
    candidates: list[Candidate] = []
    unmined: list[Unmined] = []
    for item in ordered:
        if isinstance(item, Finding):
            candidates.append(to_candidate(item, native_type, where, keywords))
        else:
            unmined.append(to_unmined(item, where))
    return MineResult(tuple(candidates), tuple(unmined))


def _distinct(outputs: list[Finding | Gap]) -> list[Finding | Gap]:
    """Each finding once: two routes can find one pair (a conflict of an inert keyword, and a
    sibling that undoes its error), and a duplicate would be avoided by its twin's examples."""
    seen: set[str] = set()
    kept: list[Finding | Gap] = []
    for item in outputs:
        key = _finding_key(item) if isinstance(item, Finding) else ""
        if not key or key not in seen:
            kept.append(item)
            seen.add(key)
    return kept


def _finding_key(finding: Finding) -> str:
    return repr((finding.outcome, finding.dormant, sorted(finding.fields.items(), key=repr)))


def _superseded(item: Finding | Gap, keyword: str) -> bool:
    """A warning rule on a keyword a dormant rule now covers (its warning goes with it)."""
    return isinstance(item, Finding) and item.keyword == keyword and item.outcome == "warn"


def item_key(item: Finding | Gap) -> str:
    return item.keyword if isinstance(item, Finding) else item.construct


def _stats(all_series: list[Series], sibling_replays: int) -> ProbeStats:
    return ProbeStats(
        probes=sum(len(series.replayed()) for series in all_series),
        raised=sum(series.count("raise") for series in all_series),
        warned=sum(series.count("warn") for series in all_series),
        ignored=sum(series.count("ignore") for series in all_series),
        sibling_probes=sibling_replays,
    )
