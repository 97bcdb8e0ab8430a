"""establish_baseline: the off/fresh/cached/validated strategies and the JSON baseline cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llem.config.models import BaselineConfig
from llem.harness.baseline import BaselineContext, establish_baseline, measure_idle
from llem.harness.baseline_cache import CACHE_FILE, BaselineCache
from llem.results.models import DomainPower
from tests.measurement.scripted import CPU, GPU0, FakeClock, RecordingSleep, ScriptedSampler

KEY = "host-a|scripted|gpu:0"


def idle(gpu_w: float, cpu_w: float, seconds: float):
    """The scripted joules of an idle window drawing ``gpu_w`` + ``cpu_w`` for ``seconds``."""
    return {GPU0: gpu_w * seconds, CPU: cpu_w * seconds}


class Rig:
    """One machine: a fake clock, a recording sleep, a sampler and a cache directory."""

    def __init__(self, tmp_path: Path, windows, key: str = KEY) -> None:
        self.clock = FakeClock()
        self.sleep = RecordingSleep(self.clock)
        self.sampler = ScriptedSampler(windows, self.clock)
        self.cache = BaselineCache(tmp_path)
        self.key = key

    def context(self, key: str | None = None) -> BaselineContext:
        return BaselineContext(
            self.sampler, key or self.key, self.cache, sleep=self.sleep, now=self.clock
        )

    def run(self, config: BaselineConfig, key: str | None = None):
        return establish_baseline(config, self.context(key))

    def file(self) -> dict:
        return json.loads(self.cache.path.read_text())


def domain_power(baseline) -> dict:
    return {(d.device, d.domain): d.power_w for d in baseline.domains}


# off, no sampler, fresh


def test_off_measures_nothing_and_says_so(tmp_path):
    rig = Rig(tmp_path, [])
    baseline = rig.run(BaselineConfig(strategy="off"))
    assert (baseline.strategy, baseline.source, baseline.power_w) == ("off", "none", None)
    assert "strategy: off" in baseline.reason
    assert rig.sampler.starts == 0
    assert rig.sleep.calls == []


def test_no_sampler_gives_no_power_and_the_samplers_reason(tmp_path):
    context = BaselineContext(None, KEY, BaselineCache(tmp_path), "nothing can measure here")
    baseline = establish_baseline(BaselineConfig(strategy="fresh"), context)
    assert baseline.power_w is None
    assert baseline.source == "none"
    assert baseline.reason == "no energy sampler: nothing can measure here"


def test_fresh_measures_duration_s_and_divides_joules_by_seconds(tmp_path):
    rig = Rig(tmp_path, [idle(gpu_w=60.0, cpu_w=15.0, seconds=4.0)])
    baseline = rig.run(BaselineConfig(strategy="fresh", duration_s=4.0))
    assert rig.sleep.calls == [4.0]
    assert (rig.sampler.starts, rig.sampler.stops) == (1, 1)
    assert (baseline.strategy, baseline.source) == ("fresh", "fresh")
    assert baseline.power_w == pytest.approx(75.0)
    assert domain_power(baseline) == pytest.approx({GPU0: 60.0, CPU: 15.0})
    assert baseline.duration_s == pytest.approx(4.0)
    assert baseline.age_s == 0.0
    assert baseline.measured_at == "2023-11-14T22:13:24+00:00"  # the clock at the window's end
    assert baseline.reason is None


def test_fresh_never_writes_the_cache(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 2.0)])
    rig.run(BaselineConfig(strategy="fresh", duration_s=2.0))
    assert not rig.cache.path.exists()


def test_failed_idle_window_gives_no_power_and_the_reason(tmp_path):
    rig = Rig(tmp_path, [{GPU0: None, CPU: 30.0}])
    baseline = rig.run(BaselineConfig(strategy="fresh", duration_s=2.0))
    assert baseline.power_w is None
    assert baseline.source == "none"
    assert baseline.reason.startswith("the idle window could not be measured")
    assert "a domain could not be read" in baseline.reason


def test_measure_idle_uses_duration_s_when_the_sampler_reports_no_window(tmp_path):
    sampler = ScriptedSampler([{GPU0: 100.0}])  # no clock: window_s is None
    calls: list[float] = []
    power_w, domains, seconds = measure_idle(sampler, 5.0, calls.append)
    assert calls == [5.0]
    assert (power_w, seconds) == (20.0, 5.0)
    assert domains == (DomainPower(*GPU0, 20.0),)


def test_measure_idle_prefers_the_samplers_own_window_length(tmp_path):
    clock = FakeClock()

    def slow_sleep(seconds: float) -> None:
        clock.advance(seconds * 2)  # the idle window really lasted twice as long

    sampler = ScriptedSampler([{GPU0: 100.0}], clock)
    power_w, _, seconds = measure_idle(sampler, 5.0, slow_sleep)
    assert (power_w, seconds) == (10.0, 10.0)


# cached


def test_cached_first_run_measures_and_writes_the_cache_file(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0)])
    baseline = rig.run(BaselineConfig(strategy="cached", duration_s=3.0))
    assert baseline.source == "fresh"
    assert baseline.power_w == pytest.approx(75.0)
    assert rig.cache.path == tmp_path / CACHE_FILE
    entry = rig.file()[KEY]
    assert entry["power_w"] == pytest.approx(75.0)
    assert entry["uses_since_check"] == 0
    assert entry["measured_at_epoch"] == rig.clock.now


def test_cached_second_run_within_ttl_reuses_without_opening_a_window(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0)])
    config = BaselineConfig(strategy="cached", duration_s=3.0, cache_ttl_s=600.0)
    first = rig.run(config)
    rig.clock.advance(120.0)
    second = rig.run(config)
    assert (rig.sampler.starts, rig.sleep.calls) == (1, [3.0])
    assert second.source == "cache"
    assert second.power_w == first.power_w
    assert second.domains == first.domains
    assert second.measured_at == first.measured_at
    assert second.age_s == pytest.approx(120.0)


def test_cached_at_exactly_the_ttl_is_still_reused(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0)])
    config = BaselineConfig(strategy="cached", duration_s=3.0, cache_ttl_s=600.0)
    rig.run(config)
    rig.clock.advance(600.0)
    assert rig.run(config).source == "cache"


def test_cached_after_ttl_measures_again_and_replaces_the_entry(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0), idle(80.0, 20.0, 3.0)])
    config = BaselineConfig(strategy="cached", duration_s=3.0, cache_ttl_s=600.0)
    rig.run(config)
    rig.clock.advance(601.0)
    again = rig.run(config)
    assert rig.sampler.starts == 2
    assert again.source == "fresh"
    assert again.power_w == pytest.approx(100.0)
    assert again.age_s == 0.0
    assert rig.file()[KEY]["power_w"] == pytest.approx(100.0)


def test_cached_keys_are_separate_entries(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0), idle(200.0, 50.0, 3.0)])
    config = BaselineConfig(strategy="cached", duration_s=3.0)
    first_a = rig.run(config, key="a")
    first_b = rig.run(config, key="b")
    assert (first_a.source, first_b.source) == ("fresh", "fresh")
    assert set(rig.file()) == {"a", "b"}
    again_a, again_b = rig.run(config, key="a"), rig.run(config, key="b")
    assert rig.sampler.starts == 2
    assert (again_a.source, again_b.source) == ("cache", "cache")
    assert again_a.power_w == pytest.approx(75.0)
    assert again_b.power_w == pytest.approx(250.0)


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[1, 2, 3]",
        json.dumps({KEY: {"power_w": "seventy"}}),
        json.dumps({KEY: "not an entry"}),
    ],
)
def test_corrupt_cache_file_counts_as_empty_and_is_rewritten(tmp_path, content):
    (tmp_path / CACHE_FILE).write_text(content)
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0)])
    baseline = rig.run(BaselineConfig(strategy="cached", duration_s=3.0))
    assert baseline.source == "fresh"
    assert baseline.power_w == pytest.approx(75.0)
    assert rig.file()[KEY]["power_w"] == pytest.approx(75.0)


def test_cached_strategy_never_spot_checks(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 3.0)])
    config = BaselineConfig(strategy="cached", duration_s=3.0, validate_every=1)
    results = [rig.run(config) for _ in range(4)]
    assert [b.source for b in results] == ["fresh", "cache", "cache", "cache"]
    assert rig.sampler.starts == 1


# validated


def validated(**overrides) -> BaselineConfig:
    settings = {"duration_s": 4.0, "spot_check_s": 1.0, "validate_every": 3, "drift_threshold": 0.1}
    return BaselineConfig(strategy="validated", **{**settings, **overrides})


def test_validated_spot_checks_on_the_nth_reuse_and_resets_the_counter(tmp_path):
    windows = [idle(60.0, 15.0, 4.0), idle(63.0, 15.0, 1.0), idle(57.0, 15.0, 1.0)]
    rig = Rig(tmp_path, windows)
    results = [rig.run(validated()) for _ in range(7)]
    assert [b.source for b in results] == [
        "fresh", "cache", "cache", "cache, spot-checked", "cache", "cache", "cache, spot-checked",
    ]  # fmt: skip
    assert rig.sleep.calls == [4.0, 1.0, 1.0]
    checked = results[3]
    assert checked.power_w == pytest.approx(75.0)  # the cached figure, not the spot check
    assert checked.spot_check_w == pytest.approx(78.0)
    assert results[6].spot_check_w == pytest.approx(72.0)
    assert rig.file()[KEY]["uses_since_check"] == 0


def test_validated_counts_reuses_in_the_cache_file(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 4.0)])
    rig.run(validated())
    counts = []
    for _ in range(2):
        rig.run(validated())
        counts.append(rig.file()[KEY]["uses_since_check"])
    assert counts == [1, 2]


def test_validated_every_one_spot_checks_every_reuse(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 4.0), idle(60.0, 15.0, 1.0), idle(60.0, 15.0, 1.0)])
    sources = [rig.run(validated(validate_every=1)).source for _ in range(3)]
    assert sources == ["fresh", "cache, spot-checked", "cache, spot-checked"]


def test_validated_drift_beyond_threshold_measures_again_in_full(tmp_path):
    windows = [idle(60.0, 15.0, 4.0), idle(90.0, 15.0, 1.0), idle(88.0, 14.0, 4.0)]
    rig = Rig(tmp_path, windows)
    config = validated(validate_every=1)
    rig.run(config)
    drifted = rig.run(config)
    assert rig.sleep.calls == [4.0, 1.0, 4.0]
    assert drifted.source == "re-measured after drift"
    assert drifted.spot_check_w == pytest.approx(105.0)
    assert drifted.power_w == pytest.approx(102.0)
    assert domain_power(drifted) == pytest.approx({GPU0: 88.0, CPU: 14.0})
    entry = rig.file()[KEY]
    assert (entry["power_w"], entry["uses_since_check"]) == (pytest.approx(102.0), 0)


def test_validated_drift_exactly_at_threshold_keeps_the_cache(tmp_path):
    # cached 100 W, spot check 125 W, threshold 0.25: |125 - 100| is not above 0.25 x 100
    rig = Rig(tmp_path, [idle(80.0, 20.0, 4.0), idle(105.0, 20.0, 1.0)])
    config = validated(validate_every=1, drift_threshold=0.25)
    rig.run(config)
    checked = rig.run(config)
    assert checked.source == "cache, spot-checked"
    assert checked.spot_check_w == pytest.approx(125.0)


def test_validated_failed_spot_check_keeps_the_cache_with_a_reason(tmp_path):
    rig = Rig(tmp_path, [idle(60.0, 15.0, 4.0), {GPU0: None, CPU: 15.0}])
    config = validated(validate_every=1)
    rig.run(config)
    kept = rig.run(config)
    assert kept.source == "cache"
    assert kept.power_w == pytest.approx(75.0)
    assert kept.spot_check_w is None
    assert kept.reason.startswith("spot check failed, cached baseline kept")
    assert "a domain could not be read" in kept.reason
    assert rig.file()[KEY]["power_w"] == pytest.approx(75.0)
