"""ZeusSampler: the not-installed reason, probe refusals, windows over a fake ZeusMonitor, and
the conversion of real Zeus measurement objects (those tests skip without the zeus extra)."""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest

from llem.energy import builtin
from llem.energy.base import MeasurementTarget
from llem.energy.select import auto_candidates
from llem.energy.zeus import NOT_INSTALLED, NOTHING_TO_MEASURE, ZeusSampler
from llem.energy.zeus_convert import (
    GPU_COUNTER,
    GPU_POWER_SAMPLES,
    ZERO_GPU_ENERGY,
    measurement_from_zeus,
)
from llem.plugins.registry import Registered, Registry
from llem.records import import_string

CUDA = MeasurementTarget("cuda", (0, 1))
CPU = MeasurementTarget("cpu")


@attrs.define
class Result:
    """The fields of ``zeus.monitor.energy.Measurement`` the sampler reads."""

    time: float
    gpu_energy: dict[int, float]
    cpu_energy: dict[int, float] | None = None
    dram_energy: dict[int, float] | None = None


@attrs.define
class FakeGpus:
    with_counter: set[int]

    def supports_get_total_energy_consumption(self, index: int) -> bool:
        return index in self.with_counter


class FakeMonitor:
    """ZeusMonitor's surface: constructor keywords, device lists, named windows."""

    def __init__(self, results: list[Result], cpus: list[int], **kwargs: Any) -> None:
        self.kwargs, self.results = kwargs, results
        self.gpu_indices: list[int] = kwargs["gpu_indices"]
        self.cpu_indices, self.soc_is_present = cpus, False
        self.gpus = FakeGpus({0})
        self.calls: list[tuple[str, str, bool]] = []

    def begin_window(self, key: str, sync_execution: bool = True) -> None:
        self.calls.append(("begin", key, sync_execution))

    def end_window(self, key: str, sync_execution: bool = True) -> Result:
        self.calls.append(("end", key, sync_execution))
        warnings.warn(
            "The energy consumption of one or more GPUs was measured as zero.", stacklevel=1
        )
        return self.results.pop(0)


def sampler_over(results: list[Result], cpus: list[int] | None = None) -> tuple[ZeusSampler, list]:
    monitors: list[FakeMonitor] = []

    def factory(**kwargs: Any) -> FakeMonitor:
        monitors.append(FakeMonitor(results, cpus or [], **kwargs))
        return monitors[-1]

    return ZeusSampler(monitor_factory=factory), monitors


@pytest.mark.parametrize("target", [CUDA, CPU])
def test_probe_says_how_to_install_zeus_when_it_is_missing(monkeypatch, target):
    monkeypatch.setitem(sys.modules, "zeus", None)  # how Python marks a module as absent
    availability = ZeusSampler().probe(target)
    assert (availability.ok, availability.reason) == (False, NOT_INSTALLED)
    assert availability.reason == "zeus is not installed: pip install 'llem-core[zeus]'"


def test_probe_refuses_a_gpu_experiment_without_gpus():
    availability = ZeusSampler(monitor_factory=pytest.fail).probe(MeasurementTarget("cuda"))
    assert availability.reason == "the experiment names no GPU to measure"


def test_probe_reports_the_error_of_a_monitor_that_cannot_start():
    def no_gpus(**kwargs: Any) -> Any:
        raise ValueError("No GPUs available.")

    availability = ZeusSampler(monitor_factory=no_gpus).probe(CUDA)
    assert (availability.ok, availability.reason) == (
        False,
        "ZeusMonitor cannot start: ValueError: No GPUs available.",
    )


def test_probe_refuses_a_cpu_experiment_when_zeus_reads_no_cpu():
    sampler, monitors = sampler_over([], cpus=[])
    availability = sampler.probe(CPU)
    assert (availability.ok, availability.reason) == (False, NOTHING_TO_MEASURE)
    assert monitors[0].kwargs["gpu_indices"] == []  # a CPU experiment never hands Zeus GPUs


def test_windows_on_one_monitor_with_fixed_zeus_options():
    results = [Result(2.0, {0: 150.0, 1: 90.0}), Result(1.0, {0: 70.0, 1: 30.0})]
    sampler, monitors = sampler_over(results)
    assert sampler.probe(CUDA).ok
    sampler.start()
    first = sampler.stop()
    sampler.start()
    second = sampler.stop()
    monitor = monitors[0]
    assert len(monitors) == 1
    assert monitor.kwargs == {"gpu_indices": [0, 1], "approx_instant_energy": False}
    assert monitor.calls == [
        ("begin", "llem-window-1", False),
        ("end", "llem-window-1", False),
        ("begin", "llem-window-2", False),
        ("end", "llem-window-2", False),
    ]
    assert (first.total_j, first.window_s, second.total_j) == (240.0, 2.0, 100.0)
    assert [d.method for d in first.domains] == [GPU_COUNTER, GPU_POWER_SAMPLES]


def test_zeus_zero_energy_warning_is_not_passed_on(recwarn):
    sampler, _ = sampler_over([Result(0.01, {0: 0.0, 1: 5.0})])
    sampler.probe(CUDA)
    sampler.start()
    measurement = sampler.stop()
    assert len(recwarn) == 0
    assert measurement.domains[0].joules is None
    assert measurement.domains[0].reason == ZERO_GPU_ENERGY
    assert measurement.total_j is None


def test_failing_window_end_gives_null_energy_with_the_error():
    sampler, monitors = sampler_over([])
    sampler.probe(CUDA)
    sampler.start()
    measurement = sampler.stop()  # the fake has no result left: IndexError
    assert measurement.total_j is None
    assert measurement.reason.startswith("Zeus failed at the window end: IndexError")
    assert monitors[0].calls[-1] == ("end", "llem-window-1", False)


def test_start_requires_a_successful_probe():
    with pytest.raises(RuntimeError, match="probe"):
        ZeusSampler().start()


@pytest.mark.samplers
def test_real_measurement_converts_per_gpu_and_per_package():
    energy = importlib.import_module("zeus.monitor.energy")
    result = energy.Measurement(
        time=3.5,
        gpu_energy={0: 420.0, 1: 380.5},
        cpu_energy={0: 61.0, 1: 59.0},
        dram_energy={0: 7.5},
    )
    measurement = measurement_from_zeus(result, {0: GPU_COUNTER, 1: GPU_COUNTER})
    assert [(d.device, d.domain, d.joules) for d in measurement.domains] == [
        ("gpu:0", "gpu", 420.0),
        ("gpu:1", "gpu", 380.5),
        ("package-0", "package", 61.0),
        ("package-0", "dram", 7.5),
        ("package-1", "package", 59.0),
    ]
    assert (measurement.sampler, measurement.method) == ("zeus", "zeus-monitor")
    assert measurement.total_j == pytest.approx(928.0)
    assert measurement.window_s == 3.5
    assert measurement.boundary == (
        "Zeus (whole devices, all processes on them): gpu:0 GPU board, gpu:1 GPU board, "
        "package-0 CPU package, package-0 DRAM, package-1 CPU package"
    )


@pytest.mark.samplers
def test_real_measurement_missing_a_gpu_nulls_the_total():
    energy = importlib.import_module("zeus.monitor.energy")
    result = energy.Measurement(time=1.0, gpu_energy={0: 10.0})
    measurement = measurement_from_zeus(result, {0: GPU_COUNTER, 1: GPU_POWER_SAMPLES})
    assert measurement.domains[1].joules is None
    assert measurement.domains[1].reason == "Zeus returned no energy for this GPU"
    assert measurement.total_j is None
    assert "gpu:1 gpu" in measurement.reason


@pytest.mark.samplers
def test_real_apple_silicon_measurement_keeps_non_overlapping_parts():
    apple = importlib.import_module("zeus.device.soc.apple")
    energy = importlib.import_module("zeus.monitor.energy")
    soc = apple.AppleSiliconMeasurement(
        cpu_total_mj=4_000, efficiency_cores_mj=[1_000, 1_000], gpu_mj=2_500, dram_mj=500
    )
    measurement = measurement_from_zeus(energy.Measurement(2.0, {}, soc_energy=soc), {})
    assert [(d.device, d.domain, d.joules) for d in measurement.domains] == [
        ("soc", "cpu", 4.0),
        ("soc", "gpu", 2.5),
        ("soc", "dram", 0.5),
    ]
    assert measurement.total_j == pytest.approx(7.0)


@pytest.mark.skipif(Path("/sys/class/powercap").is_dir(), reason="this machine may expose RAPL")
@pytest.mark.samplers
def test_real_zeus_on_a_machine_without_gpu_or_rapl():
    importlib.import_module("zeus.monitor")
    gpu = ZeusSampler().probe(MeasurementTarget("cuda", (0,)))
    cpu = ZeusSampler().probe(CPU)
    assert (cpu.ok, cpu.reason) == (False, NOTHING_TO_MEASURE)
    assert gpu.ok or gpu.reason.startswith("ZeusMonitor cannot start: ")


def test_builtin_registers_zeus_between_nvml_and_rapl_for_auto():
    specs = {spec.name: spec for spec in builtin.llem_register_energy_samplers()}
    registry = Registry(
        energy_samplers={name: Registered(spec, plugin="llem") for name, spec in specs.items()}
    )
    assert [spec.name for spec in auto_candidates(registry)] == ["nvml", "zeus", "rapl"]
    assert [spec.name for spec in auto_candidates(registry, "cuda")] == ["nvml", "zeus", "rapl"]
    assert [spec.name for spec in auto_candidates(registry, "cpu")] == ["nvml", "rapl"]
    assert specs["zeus"].auto_priority == 15
    assert import_string(specs["zeus"].factory) is ZeusSampler
