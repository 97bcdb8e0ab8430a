"""Energy through Zeus's ``ZeusMonitor``: NVIDIA and AMD GPUs, RAPL CPU packages and DRAM, and
SoCs (Apple silicon, Jetson). Needs the optional extra: ``pip install 'llem-core[zeus]'``.

Zeus is imported only inside methods (``llem --help`` must not pay for it). ``probe()`` builds the
one ``ZeusMonitor`` the sampler keeps: building it is how Zeus finds its devices, and it may start
Zeus's helper processes (RAPL wraparound tracking, power polling of pre-Volta GPUs). Each
``start()``/``stop()`` is one named Zeus window, so the baseline, spot checks and measured window
share the monitor.

Zeus opens NVML itself: it must be the only NVML user in its window. llem runs one sampler per
experiment, and this one never starts an llem NVML reader.

Two Zeus options are fixed on purpose. ``sync_execution=False``: the harness owns the window
edges, and Zeus's ``torch.cuda.synchronize`` would create a CUDA context on every GPU during the
idle baseline, changing what it measures. ``approx_instant_energy=False``: Zeus would replace a
counter that did not move by instantaneous power times time, an estimate; llem reports that GPU
unmeasured instead (see :mod:`llem.energy.zeus_convert`).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable
from typing import Any

from llem.energy.base import Availability, EnergyMeasurement, MeasurementTarget, unmeasured
from llem.energy.library_prints import prints_to_debug_log
from llem.energy.zeus_convert import GPU_COUNTER, GPU_POWER_SAMPLES, measurement_from_zeus

NOT_INSTALLED = "zeus is not installed: pip install 'llem-core[zeus]'"
NOTHING_TO_MEASURE = (
    "Zeus finds nothing to measure for a CPU experiment here: no readable RAPL CPU package "
    "(root needed since Linux 5.10) and no SoC (Apple silicon, Jetson)"
)
_ZERO_ENERGY_WARNING = "The energy consumption of one or more GPUs was measured as zero"

MonitorFactory = Callable[..., Any]
"""``zeus.monitor.ZeusMonitor``, or a fake with its constructor and window methods."""


class ZeusUnavailableError(Exception):
    """Zeus cannot be imported; the message says why and how to install it."""


class ZeusSampler:
    """One ``ZeusMonitor`` over the experiment's GPUs (``MeasurementTarget.gpu_indices``, CUDA
    ordinals as Zeus also counts them), plus whatever CPU packages Zeus can read."""

    name = "zeus"

    def __init__(self, monitor_factory: MonitorFactory | None = None) -> None:
        self._factory = monitor_factory
        self._monitor: Any = None
        self._gpu_methods: dict[int, str] = {}
        self._window: str | None = None
        self._window_failure: str | None = None
        self._windows_opened = 0

    def probe(self, target: MeasurementTarget) -> Availability:
        if target.device_kind == "cuda" and not target.gpu_indices:
            return Availability(False, "the experiment names no GPU to measure")
        try:
            factory = self._factory or load_zeus_monitor()
            with prints_to_debug_log("zeus"):
                monitor = factory(gpu_indices=gpus_of(target), approx_instant_energy=False)
            methods = gpu_methods(monitor)
        except ZeusUnavailableError as error:
            return Availability(False, str(error))
        except Exception as error:  # Zeus raises plain ValueError/RuntimeError for missing devices
            return Availability(False, f"ZeusMonitor cannot start: {type(error).__name__}: {error}")
        if not (monitor.gpu_indices or monitor.cpu_indices or monitor.soc_is_present):
            return Availability(False, NOTHING_TO_MEASURE)
        self._monitor, self._gpu_methods = monitor, methods
        return Availability(True)

    def start(self) -> None:
        if self._monitor is None:
            raise RuntimeError("ZeusSampler.start() needs a successful probe() first")
        self._windows_opened += 1
        self._window = f"llem-window-{self._windows_opened}"
        self._window_failure = None
        try:
            self._monitor.begin_window(self._window, sync_execution=False)
        except Exception as error:  # reported as the window's null energy, like NVML failures
            self._window_failure = f"{type(error).__name__}: {error}"

    def stop(self) -> EnergyMeasurement:
        window, self._window = self._window, None
        if window is None:
            raise RuntimeError("ZeusSampler.stop() called without start()")
        if self._window_failure is not None:
            return unmeasured(
                f"Zeus failed at the window start: {self._window_failure}", sampler=self.name
            )
        try:
            result = self._end_window(window)
        except Exception as error:
            reason = f"Zeus failed at the window end: {type(error).__name__}: {error}"
            return unmeasured(reason, sampler=self.name)
        return measurement_from_zeus(result, self._gpu_methods)

    def _end_window(self, window: str) -> Any:
        """End the Zeus window; its zero-energy warning is superseded by the domain's reason."""
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_ZERO_ENERGY_WARNING)
            return self._monitor.end_window(window, sync_execution=False)


def gpus_of(target: MeasurementTarget) -> list[int]:
    """The GPUs to give Zeus: none for a CPU experiment (Zeus would otherwise take them all)."""
    return list(target.gpu_indices) if target.device_kind == "cuda" else []


def gpu_methods(monitor: Any) -> dict[int, str]:
    """How Zeus obtains each GPU's energy: its energy counter (Volta+), else sampled power."""
    supports_counter = monitor.gpus.supports_get_total_energy_consumption
    return {
        index: GPU_COUNTER if supports_counter(index) else GPU_POWER_SAMPLES
        for index in monitor.gpu_indices
    }


def load_zeus_monitor() -> MonitorFactory:
    """``zeus.monitor.ZeusMonitor``; :class:`ZeusUnavailableError` when zeus is missing/broken."""
    try:
        importlib.import_module("zeus")
    except ImportError as error:
        message = NOT_INSTALLED if error.name == "zeus" else f"zeus failed to import: {error}"
        raise ZeusUnavailableError(message) from error
    try:
        factory: MonitorFactory = importlib.import_module("zeus.monitor").ZeusMonitor
    except (ImportError, AttributeError) as error:
        raise ZeusUnavailableError(f"zeus.monitor.ZeusMonitor failed to import: {error}") from error
    return factory
