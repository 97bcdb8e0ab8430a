"""Mine an engine's corpus: every miner over every target, then assemble, gate, merge, compare.

The steps, each its own module: the miners (:mod:`~llem_miners.static`,
:mod:`~llem_miners.lifts`, :mod:`~llem_miners.dynamic`) produce candidates in native keywords;
:mod:`~llem_miners.assemble` maps them to config paths and examples; duplicates collapse by
fingerprint; llem's corpus reader and then the replay gate drop what does not hold, each with its
reason; :mod:`~llem_miners.merge` adds what is new to the hand-written rules, which win.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import attrs

from llem.records import MineTarget
from llem.rules.model import Corpus
from llem.rules.model import Rule as CompiledRule
from llem_miners.assemble import Rule, for_target, keyword_path, to_rule
from llem_miners.candidate import Candidate, MineResult, Unmined
from llem_miners.corpus_file import checked_rules
from llem_miners.dynamic_targets import operands
from llem_miners.gate.report import GateReport
from llem_miners.gate.run import run_gate
from llem_miners.merge import Merged, dedupe, manual_rules, merge
from llem_miners.recall import RecallRow, recall_rows
from llem_miners.setup import MiningSetup
from llem_miners.sources import MinerSources
from llem_miners.type_text import scalar_types
from llem_miners.values import same as _same


@attrs.frozen
class Dropped:
    """A mined rule that did not make it: which, by which step, and why."""

    rule: Rule
    step: str  # "reader" or "gate"
    reason: str


@attrs.frozen
class MiningRun:
    """Everything one ``llem-miners mine`` found, for the report and the files it writes."""

    setup: MiningSetup
    mined: tuple[Rule, ...]
    dropped: tuple[Dropped, ...]
    duplicates: tuple[tuple[str, str], ...]
    unmined: tuple[Unmined, ...]
    merged: Merged
    recall: tuple[RecallRow, ...]
    gate: GateReport | None
    seconds: float
    probes: dict[str, int] = attrs.field(factory=dict)

    @property
    def replayed(self) -> bool:
        """Whether the gate replayed the mined rules (not when the engine has no replayer)."""
        return self.setup.replayer is not None


def mine_engine(setup: MiningSetup, sources: MinerSources) -> MiningRun:
    """Run every miner of ``sources`` over the engine's targets and keep what the gate confirms."""
    started = time.perf_counter()
    found, probes = sources.mine(setup)
    rules, unmined = assemble(found, setup)
    rules, duplicates = dedupe(rules)
    compiled, refused = checked_rules(setup.corpus, rules)
    gate = gate_rules(setup.corpus, compiled, setup) if compiled and setup.replayer else None
    divergent = {r.rule_id: r.reasons for r in gate.divergent} if gate else {}
    accepted = {rule.id for rule in compiled} - divergent.keys()
    mined = tuple(rule for rule in rules if rule["id"] in accepted)
    dropped = [Dropped(rule, "reader", reason) for rule, reason in refused]
    dropped += [
        Dropped(r, "gate", "; ".join(divergent[r["id"]])) for r in rules if r["id"] in divergent
    ]
    manual = manual_rules(setup.document["rules"])
    return MiningRun(
        setup=setup,
        mined=mined,
        dropped=tuple(dropped),
        duplicates=tuple(duplicates),
        unmined=unmined,
        merged=merge(manual, mined),
        recall=tuple(recall_of(manual, mined, setup)),
        gate=gate,
        seconds=time.perf_counter() - started,
        probes=probes,
    )


def recall_of(manual: Sequence[Rule], mined: Sequence[Rule], setup: MiningSetup) -> list[RecallRow]:
    """The recall of the hand rules ``manual`` by ``mined``."""
    library = setup.library
    unset = {p: d for p, d in library.defaults.items() if library.held.get(p) is None}
    types = {**scalar_types(library.declared), **library.types}
    return recall_rows(manual, mined, types, library.settable, unset)


def assemble(
    found: Sequence[tuple[MineTarget, MineResult]], setup: MiningSetup
) -> tuple[list[Rule], tuple[Unmined, ...]]:
    """Every candidate as a corpus rule (ids unique), and every construct left unmined. The
    hand rules' ids are taken; the shipped corpus's mined ones are not, so re-mining the same
    library gives the same ids."""
    taken = {rule["id"] for rule in manual_rules(setup.document["rules"])}
    rules: list[Rule] = []
    unmined: list[Unmined] = []
    for target, result in found:
        unmined += result.unmined
        vocabulary = without_defaults(keyword_vocabulary(result.candidates), result, setup)
        for candidate in sorted(result.candidates, key=_order):
            avoid = [other.fields for other in avoided(candidate, result.candidates)]
            targeted = for_target(candidate, target, setup.library, avoid, vocabulary)
            if isinstance(targeted, Unmined):
                unmined.append(targeted)
            else:
                rules.append(to_rule(targeted, setup.library, taken))
    return rules, tuple(unmined)


def avoided(candidate: Candidate, candidates: Sequence[Candidate]) -> list[Candidate]:
    """What the candidate's examples must not fire: the other candidates of the same check (same
    place, native type and outcome: the other sides of an ``or`` the static miner split), and
    for a warning or a dormant rule, every error of its native type (a warning's example that
    raises shows no warning) but a dormant keyword's own."""
    return [
        other
        for other in candidates
        if other is not candidate
        and other.native_type == candidate.native_type
        and (_same_check(other, candidate) or _error_beside(other, candidate))
    ]


def _same_check(other: Candidate, candidate: Candidate) -> bool:
    return other.where == candidate.where and other.expected_outcome == candidate.expected_outcome


def _error_beside(other: Candidate, candidate: Candidate) -> bool:
    """An error beside a warning or dormant rule, except the dormant keyword's own errors with
    the siblings that activate it: raising beside them is how its negative example counts."""
    if other.severity != "error" or candidate.severity == "error":
        return False
    return not (candidate.severity == "dormant" and next(iter(candidate.fields)) in other.fields)


def keyword_vocabulary(candidates: Sequence[Candidate]) -> dict[str, list[Any]]:
    """Keyword -> the literal values any candidate compares it with (list members included)."""
    vocabulary: dict[str, list[Any]] = {}
    for candidate in candidates:
        for keyword, spec in candidate.fields.items():
            known = vocabulary.setdefault(keyword, [])
            known += [v for v in operands(spec) if not any(_same(v, k) for k in known)]
    return vocabulary


def without_defaults(
    vocabulary: dict[str, list[Any]], result: MineResult, setup: MiningSetup
) -> dict[str, list[Any]]:
    """The vocabulary less each keyword's library default: an example set to it tells nothing
    (``num_beam_groups: 1`` is beam groups left alone)."""
    natives = {c.native_type for c in result.candidates} & setup.library.native_types.keys()
    defaults: dict[str, list[Any]] = {}
    for native in sorted(natives):
        for keyword in vocabulary:
            path = keyword_path(setup.library.native_types[native], keyword)
            default = setup.library.defaults.get(path) if path else None
            defaults.setdefault(keyword, []).extend([] if default is None else [default])
    return {
        keyword: [v for v in values if not any(_same(v, d) for d in defaults.get(keyword, []))]
        for keyword, values in vocabulary.items()
    }


def _order(candidate: Candidate) -> tuple[str, int, str]:
    where = candidate.where
    return where.file, where.line or 0, candidate.fingerprint()


def gate_rules(corpus: Corpus, compiled: Sequence[CompiledRule], setup: MiningSetup) -> GateReport:
    """The replay gate over the mined rules (the shipped corpus's native types and version)."""
    assert setup.replayer is not None
    mined = attrs.evolve(corpus, rules=tuple(compiled), origin="<mined>")
    return run_gate(mined, setup.replayer, setup.base_view)
