"""The NVML timeline: what each sample holds, the integral beside the counter, failures.

Most tests move a fake clock by hand and use an interval far longer than the test, so the only
samples are the two the recorder takes at the window's edges (t = 0 and t = the window's end).
The tests marked as using the real thread sample at 10 ms for about 100 ms.
"""

from __future__ import annotations

import time

import attrs
import pytest

from llem.energy.base import MeasurementTarget, TimelineSample
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeClock
from tests.measurement.nvml_window import measure_window

NEVER_S = 3600.0
"""A timeline interval no test lasts: the recorder samples only at the window's edges."""
EDGES_ONLY = MeasurementTarget("cuda", (0,), timeline_interval_s=NEVER_S)
GPU_0 = "gpu:0 GPU-aaaa1111-0000-0000-0000-000000000000"
GPU_1 = "gpu:1 GPU-bbbb2222-0000-0000-0000-000000000000"


def test_timeline_samples_hold_every_field_as_the_gpu_reports_it(make_nvml, make_gpu):
    clock = FakeClock(10.0)
    gpu = make_gpu(
        "NVIDIA H100 80GB HBM3", "GPU-aaaa1111-0000-0000-0000-000000000000",
        power_mw=lambda t: 250_000 + 100_000 * t, temperature_c=61, sm_clock_mhz=1755,
        memory_clock_mhz=2619, gpu_utilization_pct=97, memory_utilization_pct=43,
        memory_used_bytes=3 * 2**30, throttle_reasons=0x4,
    )  # fmt: skip
    sampler, _ = measure_window(make_nvml([gpu], clock=clock), clock, EDGES_ONLY)
    first, last = sampler.timeline().samples
    assert attrs.asdict(first) == {
        "t_s": 0.0, "device": GPU_0, "domain": "gpu", "power_w": 250.0, "temperature_c": 61.0,
        "sm_clock_mhz": 1755, "memory_clock_mhz": 2619, "gpu_utilization_pct": 97,
        "memory_utilization_pct": 43, "memory_used_mb": 3072.0, "throttle_reasons": 0x4,
    }  # fmt: skip
    assert last.t_s == pytest.approx(2.5)
    assert last.power_w == pytest.approx(500.0)
    assert sampler.timeline().interval_s == NEVER_S


def test_timeline_has_one_sample_per_gpu_labelled_like_its_energy(make_nvml, two_h100s):
    clock = FakeClock(10.0)
    target = MeasurementTarget("cuda", (0, 1), timeline_interval_s=NEVER_S)
    sampler, measurement = measure_window(make_nvml(two_h100s, clock=clock), clock, target)
    samples = sampler.timeline().samples
    assert [(s.t_s, s.device) for s in samples] == [
        (0.0, GPU_0), (0.0, GPU_1), (pytest.approx(2.5), GPU_0), (pytest.approx(2.5), GPU_1),
    ]  # fmt: skip
    assert {s.device for s in samples} == {domain.device for domain in measurement.domains}


def test_unsupported_readings_are_none_and_not_asked_again(make_nvml, make_gpu):
    clock = FakeClock(10.0)
    gpu = make_gpu(
        "Tesla T4", "GPU-t4", temperature_c=None, gpu_utilization_pct=None,
        memory_used_bytes=1024 * 2**20,
    )  # fmt: skip
    nvml = make_nvml([gpu], clock=clock)
    sampler, measurement = measure_window(nvml, clock, EDGES_ONLY)
    for sample in sampler.timeline().samples:
        assert sample.temperature_c is None
        assert sample.gpu_utilization_pct is None
        assert sample.memory_utilization_pct is None  # the same call answers both
        assert sample.power_w == 70.0
        assert sample.memory_used_mb == 1024.0
        assert sample.sm_clock_mhz == 345
        assert sample.throttle_reasons == 0x1
    assert nvml.calls["temperature"] == 1
    assert nvml.calls["utilization"] == 1
    assert nvml.calls["memory"] == 2
    assert measurement.timeline_j == pytest.approx(70.0 * 2.5)


def test_clock_event_reasons_fall_back_to_the_throttle_reasons_call(make_nvml, make_gpu):
    clock = FakeClock(10.0)
    gpu = make_gpu("Tesla V100", "GPU-v100", clocks_event_api=False, throttle_reasons=0x20)
    nvml = make_nvml([gpu], clock=clock)
    sampler, _ = measure_window(nvml, clock, EDGES_ONLY)
    assert [s.throttle_reasons for s in sampler.timeline().samples] == [0x20, 0x20]
    assert nvml.calls["clocks_throttle_reasons"] == 2


def test_a_binding_without_the_clocks_event_call_uses_the_throttle_call(make_nvml, two_h100s):
    class OldBinding(make_nvml):
        def __getattribute__(self, name: str):
            if name == "nvmlDeviceGetCurrentClocksEventReasons":
                raise AttributeError(name)
            return super().__getattribute__(name)

    clock = FakeClock(10.0)
    two_h100s[0].throttle_reasons = 0x40
    sampler, _ = measure_window(OldBinding(two_h100s, clock=clock), clock, EDGES_ONLY)
    assert [s.throttle_reasons for s in sampler.timeline().samples] == [0x40, 0x40]


def test_constant_power_integrates_to_power_times_time_beside_the_counter(make_nvml, make_gpu):
    clock = FakeClock(10.0)
    gpu = make_gpu(
        "NVIDIA H100 80GB HBM3", "GPU-aaaa1111-0000-0000-0000-000000000000",
        power_mw=300_000, energy_mj=lambda t: 1_000 + int(300_000 * t),
    )  # fmt: skip
    _, measurement = measure_window(make_nvml([gpu], clock=clock), clock, EDGES_ONLY, seconds=2.5)
    (domain,) = measurement.domains
    assert domain.joules == pytest.approx(750.0)
    assert domain.method == "nvml-total-energy-counter"
    assert domain.timeline_j == pytest.approx(300.0 * 2.5)
    assert measurement.total_j == pytest.approx(750.0)
    assert measurement.timeline_j == pytest.approx(750.0)
    assert measurement.timeline_reason is None


def test_gpu_lost_while_sampling_power_keeps_the_counter_energy(make_nvml, two_h100s, fake_error):
    clock = FakeClock(10.0)
    nvml = make_nvml(two_h100s, clock=clock)

    def lose_power_reading() -> None:
        two_h100s[0].power_mw = fake_error("NVMLError_GpuIsLost")
        two_h100s[0].energy_mj = 6_000

    sampler, measurement = measure_window(nvml, clock, EDGES_ONLY, during=lose_power_reading)
    assert measurement.total_j == pytest.approx(5.0)
    assert measurement.domains[0].timeline_j is None
    assert measurement.timeline_j is None
    assert "timeline sampling stopped" in measurement.timeline_reason
    assert "GPU is lost" in measurement.timeline_reason
    assert [s.t_s for s in sampler.timeline().samples] == [0.0]  # what was read before the loss
    assert nvml.open_sessions == 0


def test_without_a_timeline_interval_nothing_is_sampled(make_nvml, two_h100s):
    clock = FakeClock(10.0)
    nvml = make_nvml(two_h100s, clock=clock)
    sampler, measurement = measure_window(nvml, clock, MeasurementTarget("cuda", (0,)))
    assert sampler.timeline() is None
    assert measurement.timeline_j is None
    assert "timeline_interval_s is None" in measurement.timeline_reason
    assert nvml.calls["power"] == 0
    assert measurement.total_j == 0.0


def test_the_background_thread_samples_at_the_interval(make_nvml, two_h100s):
    two_h100s[0].power_mw = 200_000
    sampler = NvmlSampler(nvml=make_nvml(two_h100s), env={})
    assert sampler.probe(MeasurementTarget("cuda", (0,), timeline_interval_s=0.01)).ok
    sampler.start()
    time.sleep(0.1)
    measurement = sampler.stop()
    samples = sampler.timeline().samples
    assert len(samples) >= 5
    assert [s.t_s for s in samples] == sorted(s.t_s for s in samples)
    assert samples[-1].t_s == pytest.approx(measurement.window_s, abs=0.005)
    assert measurement.timeline_j == pytest.approx(200.0 * (samples[-1].t_s - samples[0].t_s))


def test_a_reading_failing_on_the_background_thread_stops_only_the_timeline(
    make_nvml, two_h100s, fake_error
):
    lost = fake_error("NVMLError_GpuIsLost")
    two_h100s[0].power_mw = lambda t: 100_000 if t < 0.03 else lost
    nvml = make_nvml(two_h100s)
    sampler = NvmlSampler(nvml=nvml, env={})
    assert sampler.probe(MeasurementTarget("cuda", (0,), timeline_interval_s=0.01)).ok
    sampler.start()
    two_h100s[0].energy_mj = 3_500
    time.sleep(0.1)
    measurement = sampler.stop()
    assert measurement.total_j == pytest.approx(2.5)
    assert "GPU is lost" in measurement.timeline_reason
    assert all(s.t_s < 0.03 + 0.01 for s in sampler.timeline().samples)
    assert nvml.open_sessions == 0


def test_sample_schema_is_every_timeline_field(make_nvml, two_h100s):
    clock = FakeClock(10.0)
    sampler, _ = measure_window(make_nvml(two_h100s, clock=clock), clock, EDGES_ONLY)
    expected = [field.name for field in attrs.fields(TimelineSample)]
    for sample in sampler.timeline().samples:
        row = attrs.asdict(sample)
        assert list(row) == expected
        assert all(value is not None for value in row.values())
