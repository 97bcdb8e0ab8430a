"""GPUs without NVML's energy counter (pre-Volta): energy from the integral of sampled power."""

from __future__ import annotations

import time

import pytest

from llem.energy.base import MeasurementTarget
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeClock
from tests.measurement.nvml_window import measure_window

P100 = "Tesla P100-PCIE-16GB"
NO_TIMELINE = MeasurementTarget("cuda", (0,))
EDGES_ONLY = MeasurementTarget("cuda", (0,), timeline_interval_s=3600.0)


@pytest.fixture
def p100(make_gpu):
    """Draws 100 W at t = 0 rising by 40 W a second: a ramp the trapezoidal rule gets exactly."""
    return make_gpu(P100, "GPU-p100", energy_mj=None, power_mw=lambda t: 100_000 + 40_000 * t)


def test_gpu_without_counter_is_measured_by_integrating_power(make_nvml, p100):
    clock = FakeClock(10.0)
    _, measurement = measure_window(make_nvml([p100], clock=clock), clock, NO_TIMELINE)
    (domain,) = measurement.domains
    assert domain.joules == pytest.approx(2.5 * (100 + 200) / 2)
    assert domain.method == "nvml-power-integration"
    assert measurement.method == "nvml-power-integration"
    assert measurement.total_j == pytest.approx(375.0)
    assert measurement.window_s == pytest.approx(2.5)


def test_power_is_sampled_without_a_timeline_but_none_is_exposed(make_nvml, p100):
    nvml = make_nvml([p100])
    sampler = NvmlSampler(nvml=nvml, env={})
    assert sampler.probe(NO_TIMELINE).ok
    sampler.start()
    time.sleep(0.35)  # the 0.1 s power interval: the edges plus about three samples between
    measurement = sampler.stop()
    assert nvml.calls["power"] >= 1 + 4  # the probe's read, then the window's samples
    assert nvml.calls["temperature"] == 0  # power only: no timeline was asked for
    assert sampler.timeline() is None
    assert "timeline_interval_s is None" in measurement.timeline_reason
    assert measurement.total_j == pytest.approx(
        measurement.window_s * (100 + 100 + 40 * measurement.window_s) / 2, rel=0.05
    )


def test_with_a_timeline_the_power_gpu_uses_its_samples(make_nvml, p100):
    clock = FakeClock(10.0)
    sampler, measurement = measure_window(make_nvml([p100], clock=clock), clock, EDGES_ONLY)
    (domain,) = measurement.domains
    assert domain.joules == pytest.approx(375.0)
    assert domain.timeline_j == pytest.approx(375.0)
    assert [s.power_w for s in sampler.timeline().samples] == [100.0, 200.0]
    assert sampler.timeline().samples[0].temperature_c == 35.0


def test_counter_and_power_gpus_together_are_a_mixed_method(make_nvml, make_gpu, p100):
    clock = FakeClock(10.0)
    h100 = make_gpu("NVIDIA H100 80GB HBM3", "GPU-h100", energy_mj=1_000)
    target = MeasurementTarget("cuda", (0, 1))
    env = {"CUDA_DEVICE_ORDER": "PCI_BUS_ID"}

    def use_energy() -> None:
        h100.energy_mj = 11_000

    nvml = make_nvml([h100, p100], clock=clock)
    _, measurement = measure_window(nvml, clock, target, env=env, during=use_energy)
    counter, integrated = measurement.domains
    assert (counter.method, counter.joules) == ("nvml-total-energy-counter", 10.0)
    assert integrated.method == "nvml-power-integration"
    assert integrated.joules == pytest.approx(375.0)
    assert measurement.method == (
        "mixed: gpu:0 nvml-total-energy-counter, gpu:1 nvml-power-integration"
    )
    assert measurement.total_j == pytest.approx(385.0)
    assert h100.reads["power"] == 0  # no timeline: only the power GPU is sampled
    assert p100.reads["power"] >= 1 + 2  # the probe, then at least the window's edges


def test_fewer_than_two_power_samples_is_none_with_a_reason(make_nvml, p100):
    clock = FakeClock(10.0)
    p100.power_mw = lambda t: 100_000 if t == 0 else None  # power reading gone by the end
    _, measurement = measure_window(make_nvml([p100], clock=clock), clock, NO_TIMELINE)
    (domain,) = measurement.domains
    assert domain.joules is None
    assert domain.reason == "fewer than two power samples in the window"
    assert measurement.total_j is None
    assert "gpu:0 GPU-p100 gpu: fewer than two power samples" in measurement.reason


def test_power_lost_mid_window_is_none_not_a_partial_sum(make_nvml, p100, fake_error):
    clock = FakeClock(10.0)
    nvml = make_nvml([p100], clock=clock)

    def lose_the_gpu() -> None:
        p100.power_mw = fake_error("NVMLError_GpuIsLost")

    _, measurement = measure_window(nvml, clock, NO_TIMELINE, during=lose_the_gpu)
    (domain,) = measurement.domains
    assert domain.joules is None
    assert domain.reason.startswith("power sampling stopped before the window closed")
    assert "GPU is lost" in domain.reason
    assert measurement.total_j is None
    assert nvml.open_sessions == 0


def test_no_counter_and_no_power_is_refused(make_nvml, make_gpu, fake_error):
    gpu = make_gpu(P100, "GPU-p100", energy_mj=None, power_mw=fake_error("NVMLError_GpuIsLost"))
    nvml = make_nvml([gpu])
    availability = NvmlSampler(nvml=nvml, env={}).probe(NO_TIMELINE)
    assert availability.ok is False
    assert availability.reason == (
        f"gpu:0 ({P100}) has no total-energy counter (nvmlDeviceGetTotalEnergyConsumption needs "
        "a Volta or newer GPU), and its power reading (nvmlDeviceGetPowerUsage) failed: "
        "NVML error: GPU is lost"
    )
    assert nvml.open_sessions == 0


def test_counter_function_missing_from_the_driver_falls_back_to_power(make_nvml, p100, fake_error):
    clock = FakeClock(10.0)
    p100.energy_mj = fake_error("NVMLError_FunctionNotFound")
    _, measurement = measure_window(make_nvml([p100], clock=clock), clock, NO_TIMELINE)
    assert measurement.method == "nvml-power-integration"
    assert measurement.total_j == pytest.approx(375.0)
