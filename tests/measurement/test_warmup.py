"""warm_up: fixed and converge modes on a scripted runner and a fake clock."""

from __future__ import annotations

import statistics

import pytest

from llem.config.models import WarmupConfig
from llem.harness.warmup import coefficient_of_variation, warm_up, warmup_prompt_budget
from tests.measurement.scripted import FakeClock, ScriptedRunner, prompts


def run_warmup(config: WarmupConfig, latencies, n_prompts: int = 20, batch_size: int = 1):
    clock = FakeClock(0.0)  # small times: scripted latencies come back exactly
    runner = ScriptedRunner(clock, latencies)
    outcome = warm_up(runner, prompts(n_prompts), config, batch_size, clock)
    return outcome, runner


def converge(**overrides) -> WarmupConfig:
    settings = {"cv_threshold": 0.05, "cv_window": 3, "min_prompts": 1, "max_prompts": 50}
    return WarmupConfig(mode="converge", **{**settings, **overrides})


# fixed


def test_fixed_runs_exactly_the_configured_prompts_in_batches_with_a_partial_last():
    outcome, runner = run_warmup(
        WarmupConfig(mode="fixed", prompts=10), [0.5, 0.4, 0.3], batch_size=4
    )
    assert runner.batches == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert runner.synchronized == 3
    assert (outcome.mode, outcome.prompts, outcome.batches) == ("fixed", 10, 3)
    assert outcome.latencies_s == pytest.approx((0.5, 0.4, 0.3))
    assert outcome.duration_s == pytest.approx(1.2)
    assert outcome.converged is None
    assert outcome.reason is None


def test_fixed_reuses_prompts_in_turn_when_fewer_are_given():
    outcome, runner = run_warmup(
        WarmupConfig(mode="fixed", prompts=7), [0.1], n_prompts=3, batch_size=3
    )
    assert runner.batches == [[0, 1, 2], [0, 1, 2], [0]]
    assert outcome.prompts == 7
    assert outcome.batches == 3


def test_fixed_with_zero_prompts_runs_nothing():
    outcome, runner = run_warmup(WarmupConfig(mode="fixed", prompts=0), [1.0], batch_size=4)
    assert runner.batches == []
    assert (outcome.prompts, outcome.batches, outcome.latencies_s) == (0, 0, ())
    assert outcome.duration_s == 0.0


@pytest.mark.parametrize("mode", ["fixed", "converge"])
def test_no_prompts_given_runs_nothing_and_says_why(mode):
    clock = FakeClock()
    runner = ScriptedRunner(clock, [1.0])
    outcome = warm_up(runner, [], WarmupConfig(mode=mode), 2, clock)
    assert runner.batches == []
    assert (outcome.mode, outcome.prompts, outcome.batches) == (mode, 0, 0)
    assert outcome.reason == "no prompts to warm up with"


def test_batch_size_below_one_runs_one_prompt_per_batch():
    _, runner = run_warmup(WarmupConfig(mode="fixed", prompts=3), [0.1], batch_size=0)
    assert runner.batches == [[0], [1], [2]]


# converge


def test_converge_stops_at_the_first_batch_whose_window_cv_is_below_threshold():
    latencies = [2.0, 1.0, 0.5, 0.3, 0.3, 0.3, 9.0]
    outcome, runner = run_warmup(converge(cv_window=3), latencies, batch_size=2)
    assert len(runner.batches) == 6  # [0.3, 0.3, 0.3] is the first flat window
    assert (outcome.mode, outcome.prompts, outcome.batches) == ("converge", 12, 6)
    assert outcome.converged is True
    assert outcome.final_cv == pytest.approx(0.0)
    assert outcome.reason is None
    assert outcome.latencies_s == pytest.approx(tuple(latencies[:6]))
    assert outcome.duration_s == pytest.approx(sum(latencies[:6]))


def test_converge_needs_cv_window_batches_before_it_can_stop():
    outcome, runner = run_warmup(converge(cv_window=4), [1.0], batch_size=1)
    assert len(runner.batches) == 4
    assert outcome.converged is True


def test_converge_keeps_going_until_min_prompts_even_when_already_stable():
    outcome, runner = run_warmup(converge(cv_window=2, min_prompts=9), [1.0], batch_size=2)
    assert runner.prompts_run == 10  # 5 batches of 2: the first with at least 9 prompts
    assert (outcome.prompts, outcome.batches, outcome.converged) == (10, 5, True)


def test_converge_cv_equal_to_threshold_is_not_converged():
    # "falls below": a window whose CV equals the threshold is not converged yet
    threshold = statistics.stdev([0.75, 1.25]) / statistics.fmean([0.75, 1.25])
    config = converge(cv_window=2, cv_threshold=threshold, max_prompts=4)
    outcome, _ = run_warmup(config, [0.75, 1.25] * 2, batch_size=1)
    assert outcome.converged is False
    assert outcome.prompts == 4


def test_converge_never_stable_stops_at_max_prompts_and_names_cv_and_threshold():
    latencies = [1.0, 2.0] * 10
    outcome, runner = run_warmup(converge(cv_window=3, max_prompts=12), latencies, batch_size=3)
    assert runner.prompts_run == 12
    assert (outcome.prompts, outcome.batches, outcome.converged) == (12, 4, False)
    expected_cv = coefficient_of_variation([2.0, 1.0, 2.0])
    assert outcome.final_cv == pytest.approx(expected_cv)
    assert outcome.reason is not None
    assert f"{expected_cv:.3f}" in outcome.reason
    assert "0.05" in outcome.reason
    assert "12 prompts" in outcome.reason


def test_converge_never_runs_more_than_max_prompts_when_batches_do_not_divide_it():
    # WarmupConfig: "running at least min_prompts and at most max_prompts prompts"
    config = converge(cv_window=2, max_prompts=10)
    outcome, runner = run_warmup(config, [1.0, 2.0] * 10, batch_size=3)
    assert outcome.converged is False
    assert runner.prompts_run <= config.max_prompts
    assert outcome.prompts == runner.prompts_run


def test_converge_reuses_prompts_in_turn():
    outcome, runner = run_warmup(converge(cv_window=2), [1.0], n_prompts=3, batch_size=2)
    assert runner.batches == [[0, 1], [2, 0]]
    assert outcome.converged is True


# helpers


def test_coefficient_of_variation_is_sample_stdev_over_mean():
    assert coefficient_of_variation([1.0, 2.0, 3.0]) == pytest.approx(0.5)
    assert coefficient_of_variation([2.0, 2.0]) == 0.0


@pytest.mark.parametrize("values", [[], [3.0], [0.0, 0.0], [-1.0, -2.0]])
def test_coefficient_of_variation_is_none_for_under_two_values_or_non_positive_mean(values):
    assert coefficient_of_variation(values) is None


def test_warmup_prompt_budget_per_mode():
    assert warmup_prompt_budget(WarmupConfig(mode="fixed", prompts=7, max_prompts=30)) == 7
    assert warmup_prompt_budget(WarmupConfig(mode="converge", prompts=7, max_prompts=30)) == 30
