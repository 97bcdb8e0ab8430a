"""thermal_floor: the fixed wait, then polling a TemperatureSource down to the target."""

from __future__ import annotations

import pytest

from llem.config.models import ThermalFloorConfig
from llem.harness.thermal import POLL_S, thermal_floor
from tests.measurement.scripted import (
    FakeClock,
    RecordingSleep,
    ScriptedSampler,
    ScriptedThermalSampler,
)

GPU = "gpu:0"


def wait(config: ThermalFloorConfig, sampler):
    clock = FakeClock()
    sleep = RecordingSleep(clock)
    started = clock()
    outcome = thermal_floor(config, sampler, sleep, clock)
    return outcome, sleep.calls, clock() - started


def test_no_target_only_waits_wait_s():
    sampler = ScriptedThermalSampler([{GPU: 80.0}, {GPU: 70.0}])
    outcome, sleeps, elapsed = wait(ThermalFloorConfig(wait_s=30.0), sampler)
    assert sleeps == [30.0]
    assert outcome.waited_s == pytest.approx(30.0) == elapsed
    assert (outcome.target_c, outcome.reached, outcome.reason) == (None, None, None)
    assert (outcome.start_c, outcome.end_c) == ({GPU: 80.0}, {GPU: 70.0})


def test_no_target_and_no_wait_does_not_sleep():
    outcome, sleeps, _ = wait(ThermalFloorConfig(), ScriptedSampler([]))
    assert sleeps == []
    assert outcome.waited_s == 0.0
    assert (outcome.start_c, outcome.end_c) == (None, None)


def test_target_reached_after_cooling_over_polls():
    reads = [{GPU: 80.0}, {GPU: 75.0}, {GPU: 70.0}, {GPU: 65.0}, {GPU: 60.0}, {GPU: 10.0}]
    config = ThermalFloorConfig(wait_s=5.0, max_temperature_c=60.0, max_wait_s=100.0)
    outcome, sleeps, elapsed = wait(config, ScriptedThermalSampler(reads))
    assert sleeps == [5.0, POLL_S, POLL_S, POLL_S]  # 75, 70, 65 are above; 60 is at the target
    assert outcome.reached is True
    assert outcome.waited_s == pytest.approx(8.0) == pytest.approx(elapsed)
    assert (outcome.start_c, outcome.end_c) == ({GPU: 80.0}, {GPU: 60.0})
    assert outcome.target_c == 60.0
    assert outcome.reason is None


def test_already_cool_after_wait_s_does_not_poll():
    sampler = ScriptedThermalSampler([{GPU: 50.0}])
    config = ThermalFloorConfig(wait_s=2.0, max_temperature_c=60.0)
    outcome, sleeps, _ = wait(config, sampler)
    assert sleeps == [2.0]
    assert outcome.reached is True
    assert sampler.reads == 2  # before the wait and once after it


def test_every_device_must_reach_the_target():
    reads = [{GPU: 70.0, "gpu:1": 70.0}, {GPU: 55.0, "gpu:1": 65.0}, {GPU: 56.0, "gpu:1": 59.0}]
    config = ThermalFloorConfig(max_temperature_c=60.0)
    outcome, sleeps, _ = wait(config, ScriptedThermalSampler(reads))
    assert sleeps == [POLL_S]
    assert outcome.reached is True
    assert outcome.end_c == {GPU: 56.0, "gpu:1": 59.0}


def test_never_cooling_gives_up_after_max_wait_s_in_all():
    config = ThermalFloorConfig(wait_s=4.0, max_temperature_c=60.0, max_wait_s=10.0)
    outcome, sleeps, elapsed = wait(config, ScriptedThermalSampler([{GPU: 90.0}]))
    assert sleeps == [4.0] + [POLL_S] * 6  # wait_s counts towards max_wait_s
    assert outcome.waited_s == pytest.approx(10.0) == pytest.approx(elapsed)
    assert outcome.reached is False
    assert outcome.end_c == {GPU: 90.0}
    assert outcome.reason == "devices still above 60.0 °C after 10.0 s"


@pytest.mark.parametrize(
    "sampler",
    [None, ScriptedSampler([]), ScriptedThermalSampler([{}])],
    ids=["no sampler", "no temperature source", "reads nothing"],
)
def test_target_without_temperatures_waits_wait_s_and_says_why(sampler):
    config = ThermalFloorConfig(wait_s=3.0, max_temperature_c=60.0, max_wait_s=100.0)
    outcome, sleeps, _ = wait(config, sampler)
    assert sleeps == [3.0]
    assert outcome.reached is None
    assert outcome.end_c is None
    assert outcome.target_c == 60.0
    assert "reads no device temperatures" in outcome.reason
