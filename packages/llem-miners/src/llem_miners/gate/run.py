"""The replay gate: check every rule of a corpus against the installed engine library.

A developer tool (``llem-miners gate ENGINE``), generic over engines: the engine's
:class:`llem.records.EngineSpec` names its corpus, its :class:`llem.records.MinerSpec` its
:class:`llem_miners.replay.Replayer`.
For each rule:

(a) the positive kwargs show the expected outcome (a raise or warning whose message matches the
    template; for dormant rules the same effect as the kwargs with the ``normalised`` values);
(b) the negative kwargs do not;
(c) the rule's predicate matches the positive example mapped into config space and not the
    negative one (a keyword that maps to no config path is a divergence);
(d) boundary probes around every literal threshold of the predicate (and each member of an
    ``in`` / ``not_in`` list plus one value outside it): the predicate fires exactly when the
    library shows the outcome, so an over-broad or too narrow predicate fails.

What was observed is written to ``<corpus stem>.observed.yaml`` beside the corpus. Exit codes:
0 every rule confirmed, 1 any divergence, 2 a usage problem (unknown engine, no corpus or
replayer, unreadable corpus, installed library not the corpus's ``library_version``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import attrs

from llem.config.converter import make_converter
from llem.errors import LlemError
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.records import EngineSpec, MinerSpec, import_string
from llem.rules import package_data
from llem.rules.corpus import load_corpus_resource, parse_corpus
from llem.rules.model import Corpus, View
from llem.rules.views import default_view
from llem_miners.gate.checks import ReplayCache, gate_rule
from llem_miners.gate.report import GateReport, write_observed
from llem_miners.replay import Replayer


class GateUsageError(Exception):
    """A problem that stops the gate before any rule is replayed (exit code 2)."""


def run_gate(corpus: Corpus, replayer: Replayer, base_view: View) -> GateReport:
    """Replay every rule of ``corpus`` through ``replayer``; ``base_view`` is the default config."""
    replays = ReplayCache(replayer)
    results = tuple(gate_rule(rule, corpus, replays, base_view) for rule in corpus.rules)
    return GateReport(
        engine=corpus.engine,
        library=corpus.library,
        installed_version=replayer.library_version,
        corpus_version=corpus.library_version,
        results=results,
    )


# --- command line -------------------------------------------------------------------------------


@attrs.frozen
class GateSetup:
    """Everything the gate needs, loaded from the plugins and the command line."""

    corpus: Corpus
    corpus_path: Path | None
    replayer: Replayer
    base_view: View


def load_setup(engine: str, rules_file: Path | None) -> GateSetup:
    """Load the plugins, the engine's corpus (or ``rules_file``) and its replayer."""
    registry = build_host().registry
    spec = engine_spec(registry, engine)
    try:
        corpus, path = _load_corpus(engine, spec.rules, rules_file)
    except LlemError as error:
        raise GateUsageError(str(error)) from error
    if corpus.engine != engine:
        raise GateUsageError(f"the corpus is for engine {corpus.engine!r}, not {engine!r}")
    replayer = load_replayer(registry, engine)
    check_version(corpus, replayer)
    base_view = default_view(engine, registry, make_converter(registry))
    return GateSetup(corpus, path, replayer, base_view)


def engine_spec(registry: Registry, engine: str) -> EngineSpec:
    """The installed engine ``engine``, or a usage error naming the installed ones."""
    if engine not in registry.engines:
        known = ", ".join(sorted(registry.engines)) or "none"
        raise GateUsageError(f"unknown engine {engine!r} (installed engines: {known})")
    return registry.engine(engine)


def miner_spec(registry: Registry, engine: str) -> MinerSpec:
    """The engine's :class:`MinerSpec` (``llem_register_miners``), or a usage error."""
    engine_spec(registry, engine)
    if engine not in registry.miners:
        raise GateUsageError(f"engine {engine!r} registers no miner spec (llem_register_miners)")
    return registry.miners[engine].spec


def load_replayer(registry: Registry, engine: str) -> Replayer:
    """Build the engine's replayer (imports its library), or a usage error saying why not."""
    spec = miner_spec(registry, engine)
    if not spec.replayer:
        raise GateUsageError(f"engine {engine!r} names no replayer in its MinerSpec")
    try:
        replayer: Replayer = import_string(spec.replayer)()
    except LlemError as error:
        raise GateUsageError(str(error)) from error
    return replayer


def _load_corpus(
    engine: str, resource: str | None, rules_file: Path | None
) -> tuple[Corpus, Path | None]:
    if rules_file is not None:
        try:
            text = rules_file.read_text(encoding="utf-8")
        except OSError as error:
            raise GateUsageError(f"cannot read {rules_file}: {error}") from error
        return parse_corpus(text, str(rules_file)), rules_file
    if resource is None:
        raise GateUsageError(f"engine {engine!r} ships no rule corpus (EngineSpec.rules is unset)")
    return load_corpus_resource(resource), package_data.file_path(resource)


def check_version(corpus: Corpus, replayer: Replayer) -> None:
    """Refuse to gate a corpus written for another version of the library."""
    if replayer.library_version != corpus.library_version:
        raise GateUsageError(
            f"installed {corpus.library} is {replayer.library_version}, but the corpus "
            f"({corpus.origin}) describes {corpus.library_version}: install the pinned version, "
            "or update the corpus for the new one"
        )


def observed_path(corpus_path: Path | None, requested: Path | None) -> Path:
    """``--observed``, else ``<corpus stem>.observed.yaml`` beside the corpus."""
    if requested is not None:
        return requested
    if corpus_path is None:
        raise GateUsageError("the corpus is not a file on disk: pass --observed FILE")
    return corpus_path.with_name(f"{corpus_path.stem}.observed.yaml")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="llem-miners gate",
        description="Replay every rule of an engine's corpus against the installed library.",
    )
    parser.add_argument("engine", help="the engine whose corpus to gate (e.g. transformers)")
    parser.add_argument(
        "--rules", type=Path, help="gate this corpus file instead of the shipped one"
    )
    parser.add_argument(
        "--observed",
        type=Path,
        help="where to write the observed outcomes (default: beside the corpus)",
    )
    parser.add_argument("--quiet", action="store_true", help="print only divergences and totals")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the gate from the command line; returns the exit code (0, 1 or 2)."""
    args = parse_args(argv)
    started = time.perf_counter()
    try:
        setup = load_setup(args.engine, args.rules)
        target = observed_path(setup.corpus_path, args.observed)
    except GateUsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"gating {len(setup.corpus.rules)} rules of {setup.corpus.origin} ...")
    report = run_gate(setup.corpus, setup.replayer, setup.base_view)
    write_observed(report, target)
    for line in report.summary_lines():
        print(line)
    if not args.quiet:
        print(f"observed outcomes: {target} ({time.perf_counter() - started:.1f} s)")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
