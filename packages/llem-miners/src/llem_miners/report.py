"""What ``llem-miners mine`` writes: the mined corpus, the merged one, what went unmined, and a
report with counts per miner and per outcome, the dropped rules with their reasons and the
recall of the hand-written rules."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from llem_miners.candidate import Unmined
from llem_miners.corpus_file import render_corpus
from llem_miners.gate.report import render_yaml
from llem_miners.pipeline import MiningRun
from llem_miners.recall import recall_table

GENERATED = (
    "Mined by `llem-miners mine {engine}` from {library} {version}. Do not edit: re-run it.\n"
    "Every rule here was confirmed by the replay gate against the installed library."
)
UNREPLAYED = (
    "Mined by `llem-miners mine {engine} --source DIR` from the sources of {library} {version}.\n"
    "replay: unavailable -- the engine has no replayer: these rules were read, never replayed."
)


def write_outputs(run: MiningRun, out: Path) -> list[Path]:
    """Write mined.yaml, merged.yaml, unmined.yaml and report.yaml into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    corpus, library = run.setup.corpus, run.setup.library
    template = GENERATED if run.replayed else UNREPLAYED
    header = template.format(engine=corpus.engine, library=library.library, version=library.version)
    files = {
        "mined.yaml": render_corpus(corpus, run.mined, header),
        "merged.yaml": render_corpus(corpus, run.merged.rules, header + "\nHand rules first."),
        "unmined.yaml": render_yaml({"unmined": [unmined_document(u) for u in run.unmined]}),
        "report.yaml": render_yaml(report_document(run)),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]


def unmined_document(unmined: Unmined) -> dict[str, Any]:
    return {
        "where": unmined.where.describe(),
        "miner": unmined.miner,
        "construct": unmined.construct,
        "reason": unmined.reason,
    }


def report_document(run: MiningRun) -> dict[str, Any]:
    library = run.setup.library
    return {
        "engine": library.engine,
        "library": f"{library.library} {library.version}",
        "seconds": round(run.seconds, 1),
        "replayed": run.replayed,
        "counts": counts(run),
        "probes": dict(run.probes),
        "new_rules": [rule["id"] for rule in run.merged.added],
        "recall": recall_table(run.recall) if run.recall else [],
        "duplicates": [
            f"{mined} = {kept}" for mined, kept in run.duplicates + run.merged.duplicates
        ],
        "conflicts": [f"{mined} contradicts {manual}" for mined, manual in run.merged.conflicts],
        "dropped": [
            {
                "id": d.rule["id"],
                "step": d.step,
                "source": _source(d.rule),
                "match": d.rule["match"],
                "kwargs_positive": d.rule.get("kwargs_positive"),
                "kwargs_negative": d.rule.get("kwargs_negative"),
                "reason": d.reason,
            }
            for d in run.dropped
        ],
    }


def counts(run: MiningRun) -> dict[str, Any]:
    """Per miner: candidates assembled, confirmed, dropped by the reader and the gate, unmined;
    and the confirmed rules per expected outcome."""
    miners: dict[str, Counter[str]] = {}
    for rule in run.mined:
        miners.setdefault(rule["added_by"], Counter())[_kept(run)] += 1
    for dropped in run.dropped:
        miners.setdefault(dropped.rule["added_by"], Counter())[f"dropped_by_{dropped.step}"] += 1
    for unmined in run.unmined:
        miners.setdefault(unmined.miner, Counter())["unmined"] += 1
    outcomes = Counter(rule["expected_outcome"] for rule in run.mined)
    return {
        "per_miner": {name: dict(sorted(c.items())) for name, c in sorted(miners.items())},
        "per_outcome": dict(sorted(outcomes.items())),
        "mined": len(run.mined),
        "duplicates": len(run.duplicates),
        "new_beside_manual": len(run.merged.added),
    }


def _source(rule: dict[str, Any]) -> str:
    source = rule["source"]
    return f"{source['file']}:{source.get('line', '?')} ({source['method']})"


def _kept(run: MiningRun) -> str:
    """What a kept rule is: ``confirmed`` by the gate, or only ``read`` (no replayer)."""
    return "confirmed" if run.replayed else "read"


def summary_lines(run: MiningRun) -> list[str]:
    """What the command prints: totals per miner, the recall line, where the files went."""
    data = counts(run)
    lines = [
        f"{name}: " + ", ".join(f"{key} {value}" for key, value in c.items())
        for name, c in data["per_miner"].items()
    ]
    lines.append(
        f"{data['mined']} rules mined and {_kept(run)} ({data['new_beside_manual']} not in the "
        f"hand corpus); {len(run.dropped)} dropped; {len(run.unmined)} constructs unmined; "
        f"{run.seconds:.1f} s"
    )
    if run.recall:
        lines.append(recall_table(run.recall)[-1])
    if not run.replayed:
        lines.append("not replayed: the engine registers no replayer (its rules were only read)")
    return lines
