"""Which keywords the dynamic miner probes: those a check was found on, and for a
``probe_tested`` target every keyword its code tests."""

from __future__ import annotations

from llem.records import MineTarget
from llem_miners.candidate import MineResult
from llem_miners.dynamic_targets import keyword_thresholds

TESTED = MineResult(tested=(("num_beams", 1), ("dola_layers", True), ("penalty_alpha", 0)))


def test_a_probe_tested_target_adds_every_keyword_its_code_tests() -> None:
    target = MineTarget(native_type="generate", probe_tested=True)
    table = keyword_thresholds([(target, TESTED)])
    assert table == {"generate": {"num_beams": [1], "dola_layers": [], "penalty_alpha": [0]}}


def test_another_target_adds_only_the_keywords_of_its_checks() -> None:
    assert keyword_thresholds([(MineTarget(native_type="generate"), TESTED)]) == {}
