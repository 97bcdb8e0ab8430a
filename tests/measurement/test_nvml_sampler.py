"""NvmlSampler against a fake NVML module: availability, window energy, counter resets."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from collections.abc import Iterator

import pytest

from llem.energy.base import MeasurementTarget
from llem.energy.nvml import METHOD, NvmlSampler

CUDA_0 = MeasurementTarget("cuda", (0,))
CUDA_0_1 = MeasurementTarget("cuda", (0, 1))


def ticking_clock(*times: float) -> Iterator[float]:
    return iter(times)


def sampler_for(nvml, env=None, times=(10.0, 12.5)):
    clock = ticking_clock(*times)
    return NvmlSampler(nvml=nvml, env=env or {}, clock=lambda: next(clock))


def test_cpu_target_is_refused_without_touching_nvml(make_nvml, two_h100s):
    nvml = make_nvml(two_h100s)
    availability = sampler_for(nvml).probe(MeasurementTarget("cpu"))
    assert availability.ok is False
    assert availability.reason == "experiment runs on the CPU; NVML measures GPUs only"
    assert nvml.init_calls == 0


def test_missing_nvml_library_is_a_precise_reason(make_nvml, fake_error):
    nvml = make_nvml([], init_error=fake_error("NVMLError_LibraryNotFound"))
    availability = sampler_for(nvml).probe(CUDA_0)
    assert availability.ok is False
    assert "libnvidia-ml.so.1" in availability.reason
    assert "not found" in availability.reason


def test_pre_volta_gpu_without_energy_counter_or_power_is_refused(make_nvml, make_gpu):
    gpu = make_gpu("Tesla P100-PCIE-16GB", "GPU-p100", energy_mj=None, power_mw=None)
    nvml = make_nvml([gpu])
    availability = sampler_for(nvml).probe(CUDA_0)
    assert availability.ok is False
    assert "gpu:0 (Tesla P100-PCIE-16GB) has no total-energy counter" in availability.reason
    assert "Volta" in availability.reason
    assert "nvmlDeviceGetPowerUsage" in availability.reason
    assert "not supported" in availability.reason
    assert nvml.open_sessions == 0


def test_energy_counter_error_other_than_absence_is_refused_without_fallback(
    make_nvml, two_h100s, fake_error
):
    two_h100s[0].energy_error = fake_error("NVMLError_GpuIsLost")
    nvml = make_nvml(two_h100s)
    availability = sampler_for(nvml).probe(CUDA_0)
    assert availability.ok is False
    assert availability.reason.startswith("cannot read the energy counter of gpu:0")
    assert "GPU is lost" in availability.reason
    assert nvml.calls["power"] == 0


def test_window_energy_per_gpu_and_total(make_nvml, two_h100s):
    nvml = make_nvml(two_h100s)
    sampler = sampler_for(nvml)
    assert sampler.probe(CUDA_0_1).ok
    sampler.start()
    two_h100s[0].energy_mj = 6_000  # +5 J
    two_h100s[1].energy_mj = 2_500  # +0.5 J
    measurement = sampler.stop()
    assert [domain.joules for domain in measurement.domains] == [5.0, 0.5]
    assert measurement.domains[0].device == "gpu:0 GPU-aaaa1111-0000-0000-0000-000000000000"
    assert {domain.domain for domain in measurement.domains} == {"gpu"}
    assert measurement.total_j == pytest.approx(5.5)
    assert measurement.reason is None
    assert measurement.method == METHOD == "nvml-total-energy-counter"
    assert {domain.method for domain in measurement.domains} == {METHOD}
    assert measurement.window_s == pytest.approx(2.5)
    assert "GPU board energy of gpu:0 (NVIDIA H100 80GB HBM3), gpu:1" in measurement.boundary
    assert nvml.open_sessions == 0


def test_counter_reset_nulls_that_gpu_and_the_total(make_nvml, two_h100s):
    nvml = make_nvml(two_h100s)
    sampler = sampler_for(nvml)
    sampler.probe(CUDA_0_1)
    sampler.start()
    two_h100s[0].energy_mj = 400  # went backwards: the driver reloaded
    two_h100s[1].energy_mj = 3_000
    measurement = sampler.stop()
    reset, fine = measurement.domains
    assert reset.joules is None
    assert "went backwards (1000 mJ -> 400 mJ)" in reset.reason
    assert fine.joules == 1.0
    assert measurement.total_j is None
    assert "gpu:0" in measurement.reason and "went backwards" in measurement.reason


def test_read_failure_at_window_end_is_null_with_reason(make_nvml, two_h100s, fake_error):
    sampler = sampler_for(make_nvml(two_h100s))
    sampler.probe(CUDA_0)
    sampler.start()
    two_h100s[0].energy_error = fake_error("NVMLError_GpuIsLost")
    measurement = sampler.stop()
    assert measurement.domains[0].joules is None
    assert "at the end" in measurement.domains[0].reason
    assert "GPU is lost" in measurement.domains[0].reason
    assert measurement.total_j is None


def test_failure_to_open_the_window_is_reported_not_raised(make_nvml, two_h100s, fake_error):
    nvml = make_nvml(two_h100s)
    sampler = sampler_for(nvml)
    sampler.probe(CUDA_0)
    nvml.init_error = fake_error("NVMLError_LibraryNotFound")
    sampler.start()
    measurement = sampler.stop()
    assert measurement.total_j is None
    assert "window start" in measurement.reason


def test_start_requires_a_successful_probe(make_nvml, two_h100s):
    with pytest.raises(RuntimeError, match="probe"):
        sampler_for(make_nvml(two_h100s)).start()


def test_cuda_visible_devices_index_maps_to_the_nvml_device(make_nvml, two_h100s):
    sampler = sampler_for(make_nvml(two_h100s), env={"CUDA_VISIBLE_DEVICES": "1"})
    assert sampler.probe(CUDA_0).ok
    sampler.start()
    two_h100s[1].energy_mj = 2_100
    measurement = sampler.stop()
    assert measurement.domains[0].device == "gpu:0 GPU-bbbb2222-0000-0000-0000-000000000000"
    assert measurement.total_j == pytest.approx(0.1)


def test_cuda_visible_devices_uuid_prefix_is_resolved(make_nvml, two_h100s):
    sampler = sampler_for(make_nvml(two_h100s), env={"CUDA_VISIBLE_DEVICES": "GPU-bbbb"})
    sampler.probe(CUDA_0)
    sampler.start()
    assert sampler.stop().domains[0].device.endswith("GPU-bbbb2222-0000-0000-0000-000000000000")


@pytest.mark.parametrize(
    ("visible", "target", "expected"),
    [
        ("GPU-", CUDA_0, "matches 2 GPUs by UUID"),
        ("GPU-cccc", CUDA_0, "matches no GPU by UUID"),
        ("0", CUDA_0_1, "gpu:1 requested but this process sees 1 GPU(s)"),
        ("", CUDA_0, "gpu:0 requested but this process sees 0 GPU(s)"),
        ("5", CUDA_0, "entry 5 but NVML sees 2 GPU(s)"),
        ("MIG-1234", CUDA_0, "MIG instance"),
    ],
)
def test_unresolvable_gpus_are_refused_with_the_reason(
    make_nvml, two_h100s, visible, target, expected
):
    nvml = make_nvml(two_h100s)
    availability = sampler_for(nvml, env={"CUDA_VISIBLE_DEVICES": visible}).probe(target)
    assert availability.ok is False
    assert expected in availability.reason
    assert nvml.open_sessions == 0


def test_mixed_gpu_models_need_pci_bus_order_for_integer_devices(make_nvml, make_gpu):
    gpus = [make_gpu("NVIDIA A100", "GPU-a100"), make_gpu("NVIDIA L4", "GPU-l4")]
    refused = sampler_for(make_nvml(gpus)).probe(CUDA_0)
    assert refused.ok is False and "CUDA_DEVICE_ORDER=PCI_BUS_ID" in refused.reason
    ordered = sampler_for(make_nvml(gpus), env={"CUDA_DEVICE_ORDER": "PCI_BUS_ID"})
    assert ordered.probe(CUDA_0).ok
    by_uuid = sampler_for(make_nvml(gpus), env={"CUDA_VISIBLE_DEVICES": "GPU-l4"})
    assert by_uuid.probe(CUDA_0).ok


def test_module_does_not_import_pynvml_at_import_time():
    code = "import sys, llem.energy.nvml, llem.energy.builtin; print('pynvml' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _nvml_library_loads() -> bool:
    try:
        ctypes.CDLL("libnvidia-ml.so.1")
    except OSError:
        return False
    return True


@pytest.mark.skipif(_nvml_library_loads(), reason="this machine has an NVIDIA driver")
def test_real_pynvml_without_driver_says_the_library_is_missing():
    availability = NvmlSampler().probe(CUDA_0)
    assert availability.ok is False
    assert "libnvidia-ml.so.1" in availability.reason
