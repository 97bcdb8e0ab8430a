"""What the replay gate observed: per-rule results, the observed-outcomes YAML, the summary lines.

The YAML (``rules.observed.yaml`` beside the corpus) is deterministic: no timestamps, rules in
corpus order, messages trimmed and memory addresses masked, so re-running the gate against an
unchanged library and corpus leaves the file byte-for-byte the same.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML

from llem_miners.replay import Observation

MESSAGE_LIMIT = 300
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def trim(message: str, limit: int = MESSAGE_LIMIT) -> str:
    """``message`` with memory addresses masked, cut to ``limit`` characters."""
    text = ADDRESS.sub("0x…", message)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@attrs.frozen
class Showing:
    """One replay: whether it showed the rule's expected outcome, and what was seen.

    ``same_as_normalised`` (dormant rules): the effect equals that of the kwargs with the rule's
    ``normalised`` values applied (``None`` when not compared)."""

    observation: Observation
    shown: bool
    detail: str
    same_as_normalised: bool | None = None

    def document(self) -> dict[str, Any]:
        obs = self.observation
        doc: dict[str, Any] = {"shows_outcome": self.shown, "raised": _maybe_trim(obs.raised)}
        doc["warnings"] = [trim(message) for message in obs.warnings]
        if self.same_as_normalised is not None:
            doc["same_effect_as_normalised"] = self.same_as_normalised
        return doc


def _maybe_trim(message: str | None) -> str | None:
    return None if message is None else trim(message)


@attrs.frozen
class ProbeResult:
    """A boundary probe: ``keyword=value`` in the positive kwargs; the predicate must fire exactly
    when the library shows the outcome."""

    path: str
    keyword: str
    value: Any
    fires: bool
    shown: bool
    detail: str

    @property
    def ok(self) -> bool:
        return self.fires == self.shown

    def document(self) -> str:
        """``temperature=0.5: predicate fires, library shows the outcome``."""
        predicate = "fires" if self.fires else "does not fire"
        library = "shows" if self.shown else "does not show"
        text = (
            f"{self.keyword}={self.value!r}: predicate {predicate}, library {library} the outcome"
        )
        return text if self.ok else f"{text} -- DIVERGENT"


@attrs.frozen
class RuleResult:
    """Every check of one rule; ``reasons`` lists the failed ones (none: confirmed)."""

    rule_id: str
    native_type: str
    expected_outcome: str
    positive: Showing | None = None
    negative: Showing | None = None
    probes: tuple[ProbeResult, ...] = ()
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        return "divergent" if self.reasons else "confirmed"

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"id": self.rule_id, "verdict": self.verdict}
        doc.update(native_type=self.native_type, expected_outcome=self.expected_outcome)
        doc["positive"] = self.positive.document() if self.positive else None
        doc["negative"] = self.negative.document() if self.negative else None
        doc["probes"] = [probe.document() for probe in self.probes]
        if self.notes:
            doc["notes"] = [trim(note) for note in self.notes]
        doc["reasons"] = [trim(reason, 2 * MESSAGE_LIMIT) for reason in self.reasons]
        return doc


@attrs.frozen
class GateReport:
    """The gate's verdict on a corpus against the installed library."""

    engine: str
    library: str
    installed_version: str
    corpus_version: str
    results: tuple[RuleResult, ...]

    @property
    def divergent(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.results if result.reasons)

    @property
    def ok(self) -> bool:
        return not self.divergent

    def counts(self) -> dict[str, int]:
        divergent = len(self.divergent)
        probes = sum(len(result.probes) for result in self.results)
        return {
            "rules": len(self.results),
            "confirmed": len(self.results) - divergent,
            "divergent": divergent,
            "probes": probes,
        }

    def document(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "library": self.library,
            "installed_version": self.installed_version,
            "corpus_library_version": self.corpus_version,
            "counts": self.counts(),
            "rules": [result.document() for result in self.results],
        }

    def summary_lines(self) -> list[str]:
        """One block per divergent rule (its reasons indented), then the totals."""
        lines: list[str] = []
        for result in self.divergent:
            lines.append(f"DIVERGENT {result.rule_id}")
            lines += [f"  - {trim(reason, 2 * MESSAGE_LIMIT)}" for reason in result.reasons]
        counts = self.counts()
        lines.append(
            f"{counts['rules']} rules: {counts['confirmed']} confirmed, "
            f"{counts['divergent']} divergent ({counts['probes']} boundary probes; "
            f"{self.library} {self.installed_version})"
        )
        return lines


def render_yaml(document: Any) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 4096
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def write_observed(report: GateReport, path: Path) -> None:
    """Write the observed outcomes to ``path`` (only when the content changed)."""
    header = (
        "# Written by `llem-miners gate`: what the installed library did with each\n"
        "# rule's examples and boundary probes. Do not edit; re-run the gate instead.\n"
    )
    text = header + render_yaml(report.document())
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
