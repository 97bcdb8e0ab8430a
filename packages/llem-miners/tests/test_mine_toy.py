"""Mining a toy engine end to end: its library (tests/toy/toy_lib.py) is read by the static
miner and probed by the dynamic one through its real replayer; every mined rule is gated; the
merge keeps the hand rule; the files written are byte-identical from one run to the next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.rules.corpus import parse_corpus
from llem_miners.pipeline import MiningRun, mine_engine
from llem_miners.report import write_outputs
from llem_miners.setup import load_mining_setup
from llem_miners.shipped import with_mined_rules
from llem_miners.sources import chosen

TOY = Path(__file__).parent / "toy"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    monkeypatch.syspath_prepend(str(TOY))
    import toy_engine

    yield build_host(env={}, plugins=[("toy", toy_engine.ToyPlugin())]).registry


@pytest.fixture
def run(registry: Registry) -> MiningRun:
    return mine_engine(load_mining_setup("toy", registry), chosen(["static"]))


def fields_of(run: MiningRun) -> dict[str, dict[str, object]]:
    return {rule["id"]: rule["match"]["fields"] for rule in run.mined}


def test_the_static_miner_recovers_the_checks_and_the_gate_confirms_them(run: MiningRun) -> None:
    mined = {str(sorted(f.items())) for f in fields_of(run).values()}
    assert str([("toy.params.temperature", {"<=": 0})]) in mined
    assert str([("toy.params.top_k", {"<": 0})]) in mined
    assert str([("toy.params.mode", {"not_in": ["beam", "greedy"]})]) in mined
    assert str([("toy.params.penalty", {">": 2})]) in mined
    assert not run.dropped, [d.reason for d in run.dropped]
    assert {rule["added_by"] for rule in run.mined} == {"static_miner"}


def test_the_hand_rule_is_recovered_and_kept(run: MiningRun) -> None:
    (row,) = run.recall
    assert (row.reference, row.match) == ("toy.temperature_positive", "exact")
    assert run.merged.rules[0]["id"] == "toy.temperature_positive"
    assert all(rule["added_by"] != "manual_seed" for rule in run.merged.added)
    assert len(run.merged.rules) == 1 + len(run.merged.added) == len(run.mined)


def test_mining_is_deterministic(registry: Registry, tmp_path: Path) -> None:
    setup = load_mining_setup("toy", registry)
    first = write_outputs(mine_engine(setup, chosen(["static"])), tmp_path / "one")
    second = write_outputs(mine_engine(setup, chosen(["static"])), tmp_path / "two")
    for one, two in zip(first, second, strict=True):
        if one.name != "report.yaml":  # the report says how long it took
            assert one.read_bytes() == two.read_bytes(), one.name


def test_the_mined_rules_go_below_the_marker_of_the_shipped_corpus(run: MiningRun) -> None:
    shipped = (TOY / "toy_engine" / "rules.yaml").read_text(encoding="utf-8")
    updated = with_mined_rules(shipped, "toy", run.merged.added)
    assert updated.startswith(shipped.rstrip("\n"))
    corpus = parse_corpus(updated, "rules.yaml")
    assert len(corpus.rules) == 1 + len(run.merged.added)
    assert with_mined_rules(updated, "toy", run.merged.added) == updated
    assert with_mined_rules(updated, "toy", []) == shipped


def test_an_engine_without_a_replayer_is_mined_from_its_sources_unreplayed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.syspath_prepend(str(TOY))
    import toy_engine

    registry = build_host(env={}, plugins=[("toy", toy_engine.ToySourcePlugin())]).registry
    setup = load_mining_setup("toy", registry)
    assert setup.replayer is None
    run = mine_engine(setup, chosen(["static"], source_root=TOY))
    assert not run.replayed and run.gate is None
    assert {rule["source"]["file"] for rule in run.mined} == {"toy_lib.py"}
    assert len(run.mined) >= 4 and not run.dropped
    mined = (write_outputs(run, tmp_path)[0]).read_text(encoding="utf-8")
    assert "replay: unavailable" in mined


def test_a_source_only_run_records_the_revision_read_and_writes_its_rules_as_unreplayed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import attrs

    from llem_miners.commands import UNREPLAYED_BLOCK, parse_commits

    monkeypatch.syspath_prepend(str(TOY))
    import toy_engine

    registry = build_host(env={}, plugins=[("toy", toy_engine.ToySourcePlugin())]).registry
    setup = load_mining_setup("toy", registry)
    commits = parse_commits(["toy_lib.py=abc123", "fff"], TOY)
    assert commits == {"toy_lib.py": "abc123", "*": "fff"}
    setup = attrs.evolve(setup, library=attrs.evolve(setup.library, commits=commits))
    run = mine_engine(setup, chosen(["static"], source_root=TOY))
    assert {rule["source"]["commit"] for rule in run.mined} == {"abc123"}
    shipped = (TOY / "toy_engine" / "rules.yaml").read_text(encoding="utf-8")
    updated = with_mined_rules(shipped, "toy", run.merged.added, UNREPLAYED_BLOCK)
    assert f"  # {UNREPLAYED_BLOCK}\n" in updated
    corpus = parse_corpus(updated, "rules.yaml")
    mined = [rule for rule in corpus.rules if rule.added_by == "static_miner"]
    assert mined and {rule.source.commit for rule in mined} == {"abc123"}
    assert with_mined_rules(updated, "toy", run.merged.added, UNREPLAYED_BLOCK) == updated


@pytest.mark.parametrize("value", ["", "file=", "=abc"])
def test_a_malformed_commit_is_a_usage_error(value: str) -> None:
    from llem_miners.commands import parse_commits
    from llem_miners.gate.run import GateUsageError

    with pytest.raises(GateUsageError, match="expected REVISION or FILE=REVISION"):
        parse_commits([value], TOY)
    with pytest.raises(GateUsageError, match="give --source DIR"):
        parse_commits(["abc"], None)
