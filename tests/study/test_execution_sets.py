"""`--set execution.KEY=VALUE` changes how the study runs (and so its design), not each config."""

from __future__ import annotations

import pytest

from llem.errors import ConfigError

from .conftest import Plan

STUDY = """
task: {model: toy/model}
engine: echo
sweep:
  echo.batch_size: [1, 2]
execution: {cycles: 2, order: interleave}
"""


def test_execution_sets_change_the_execution_and_the_design(plan: Plan) -> None:
    plain = plan(STUDY)
    changed = plan(STUDY, sets=("execution.cycles=3", "execution.order=shuffle", "echo.step_ms=3"))
    assert (changed.execution.cycles, changed.execution.order) == (3, "shuffle")
    assert changed.n_runs == 6 and plain.n_runs == 4
    assert changed.design_hash != plain.design_hash
    assert all(c.resolved.config.engine_config.step_ms == 3 for c in changed.configs)


def test_every_bad_execution_set_is_named(plan: Plan) -> None:
    with pytest.raises(ConfigError) as raised:
        plan(STUDY, sets=("execution.cycles=0", "execution.ordr=shuffle"))
    assert raised.value.problems == [
        "--set execution.cycles=0: execution.cycles: must be >= 1, got 0",
        "--set execution.ordr=shuffle: execution.ordr: unknown key 'ordr' (did you mean 'order'?)",
    ]
