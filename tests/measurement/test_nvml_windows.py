"""One NvmlSampler, many windows (idle baseline, spot checks, the measured run), and reading
GPU temperatures in and between windows."""

from __future__ import annotations

import pytest

from llem.energy.base import MeasurementTarget, TemperatureSource, TimelineSource
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeClock

BOTH = MeasurementTarget("cuda", (0, 1), timeline_interval_s=3600.0)
GPU_0 = "gpu:0 GPU-aaaa1111-0000-0000-0000-000000000000"
GPU_1 = "gpu:1 GPU-bbbb2222-0000-0000-0000-000000000000"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(10.0)


@pytest.fixture
def nvml(make_nvml, two_h100s, clock):
    return make_nvml(two_h100s, clock=clock)


@pytest.fixture
def sampler(nvml, clock) -> NvmlSampler:
    sampler = NvmlSampler(nvml=nvml, env={}, clock=clock)
    assert sampler.probe(BOTH).ok
    return sampler


def test_sampler_is_a_timeline_and_temperature_source(sampler):
    assert isinstance(sampler, TimelineSource)
    assert isinstance(sampler, TemperatureSource)


def test_windows_after_one_probe_are_independent_and_sessions_balanced(
    sampler, nvml, two_h100s, clock
):
    totals, timelines = [], []
    for watts in (100, 300, 200):
        sampler.start()
        two_h100s[0].power_mw = two_h100s[1].power_mw = watts * 1_000
        two_h100s[0].energy_mj += watts * 2_000
        clock.now += 2.0
        totals.append(sampler.stop().total_j)
        timelines.append(sampler.timeline())
        assert nvml.open_sessions == 0
    assert totals == [pytest.approx(200.0), pytest.approx(600.0), pytest.approx(400.0)]
    assert [[s.t_s for s in timeline.samples] for timeline in timelines] == [
        [0.0, 0.0, 2.0, 2.0]
    ] * 3
    assert timelines[1].samples[-1].power_w == 300.0
    assert nvml.init_calls == 1 + 3


def test_a_new_window_forgets_the_last_ones_unsupported_readings(sampler, two_h100s, clock):
    two_h100s[0].temperature_c = None
    sampler.start()
    sampler.stop()
    two_h100s[0].temperature_c = 50
    sampler.start()
    sampler.stop()
    assert sampler.timeline().samples[0].temperature_c == 50.0


def test_timeline_is_cleared_when_the_next_window_opens(sampler):
    sampler.start()
    sampler.stop()
    assert sampler.timeline() is not None
    sampler.start()
    assert sampler.timeline() is None
    sampler.stop()


def test_start_while_a_window_is_open_is_refused(sampler, nvml):
    sampler.start()
    with pytest.raises(RuntimeError, match="while a window is open"):
        sampler.start()
    sampler.stop()
    assert nvml.open_sessions == 0


def test_stop_without_start_is_refused(sampler):
    with pytest.raises(RuntimeError, match="without start"):
        sampler.stop()


def test_temperatures_between_windows_use_a_session_of_their_own(sampler, nvml, two_h100s):
    two_h100s[0].temperature_c, two_h100s[1].temperature_c = 41, 58
    sessions_before = nvml.init_calls
    assert sampler.temperatures() == {GPU_0: 41.0, GPU_1: 58.0}
    assert nvml.init_calls == sessions_before + 1
    assert nvml.open_sessions == 0


def test_temperatures_during_a_window_use_its_session(sampler, nvml, two_h100s):
    sampler.start()
    sessions_before = nvml.init_calls
    two_h100s[1].temperature_c = 77
    assert sampler.temperatures()[GPU_1] == 77.0
    assert nvml.init_calls == sessions_before
    assert nvml.open_sessions == 1
    sampler.stop()


def test_an_unreadable_temperature_is_left_out(sampler, two_h100s, fake_error):
    two_h100s[0].temperature_c = fake_error("NVMLError_GpuIsLost")
    two_h100s[1].temperature_c = None
    assert sampler.temperatures() == {}
    two_h100s[1].temperature_c = 44
    assert sampler.temperatures() == {GPU_1: 44.0}


def test_temperatures_without_nvml_or_probe_are_empty(make_nvml, two_h100s, fake_error):
    assert NvmlSampler(nvml=make_nvml(two_h100s), env={}).temperatures() == {}
    nvml = make_nvml(two_h100s)
    sampler = NvmlSampler(nvml=nvml, env={})
    assert sampler.probe(BOTH).ok
    nvml.init_error = fake_error("NVMLError_LibraryNotFound")
    assert sampler.temperatures() == {}
