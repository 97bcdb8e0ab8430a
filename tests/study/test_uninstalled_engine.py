"""An engine named by the sweep's engine axis but not installed still scopes its keys: its
configurations are skipped as an unknown engine, the installed engines' ones run."""

from __future__ import annotations

from .conftest import Plan


def test_keys_of_an_uninstalled_engine_stay_scoped_to_it(plan: Plan) -> None:
    study = plan(
        """
task: {model: toy/model}
sweep:
  engine: [echo, vllm]
  echo.batch_size: [1, 4]
  vllm.max_num_seqs: [16, 64]
"""
    )
    assert [c.resolved.config.engine_config.batch_size for c in study.configs] == [1, 4]
    assert len(study.skipped) == 2
    for skipped in study.skipped:
        (reason,) = skipped.reasons
        assert reason.endswith(
            "study.yaml:3:18: engine: unknown engine 'vllm'; installed: echo, transformers"
        )
