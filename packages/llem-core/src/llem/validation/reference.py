"""An independent reader of the window llem measures, and a sampler that runs both.

The reference does not share llem's NVML code: it is Zeus's ``ZeusMonitor`` when Zeus is
installed, else raw ``pynvml`` calls that find the GPU by the UUID torch reports. The
:class:`ReferencedSampler` opens the reference inside llem's own window (llem's start, reference
begin, …, reference end, llem's stop), so the reference window is a few milliseconds shorter.
Every window (baseline, spot checks, the measured window) is appended to a JSON-lines log. It is
registered as the energy sampler ``nvml+reference`` by :mod:`llem.validation.plugin`.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import attrs

from llem.energy.base import (
    Availability,
    EnergyMeasurement,
    EnergySampler,
    MeasurementTarget,
    TemperatureSource,
    Timeline,
    TimelineSource,
)
from llem.energy.nvml import NvmlSampler
from llem.energy.nvml_support import NvmlModule, load_nvml


class ReferenceReader(Protocol):
    name: str

    def begin(self) -> None: ...

    def end(self) -> float:
        """Joules since :meth:`begin`."""
        ...


class RawNvmlReader:
    """``nvmlDeviceGetTotalEnergyConsumption`` of the GPUs with the given UUIDs, read directly."""

    name = "raw pynvml total-energy counter"

    def __init__(self, uuids: list[str], nvml: NvmlModule | None = None) -> None:
        self._uuids = uuids
        self._nvml = load_nvml(nvml)
        self._start_mj: list[int] = []

    def _read(self) -> list[int]:
        handles = [self._nvml.nvmlDeviceGetHandleByUUID(uuid) for uuid in self._uuids]
        return [int(self._nvml.nvmlDeviceGetTotalEnergyConsumption(h)) for h in handles]

    def begin(self) -> None:
        self._nvml.nvmlInit()
        self._start_mj = self._read()

    def end(self) -> float:
        try:
            end_mj = self._read()
        finally:
            self._nvml.nvmlShutdown()
        return sum(end - start for start, end in zip(self._start_mj, end_mj, strict=True)) / 1000


class ZeusReader:
    """Zeus's ``ZeusMonitor`` over the same CUDA devices."""

    name = "zeus ZeusMonitor"

    def __init__(self, gpu_indices: list[int]) -> None:
        from zeus.monitor import ZeusMonitor

        self._monitor = ZeusMonitor(gpu_indices=gpu_indices)

    def begin(self) -> None:
        self._monitor.begin_window("llem-validation", sync_execution=False)

    def end(self) -> float:
        measurement = self._monitor.end_window("llem-validation", sync_execution=False)
        return float(sum(measurement.gpu_energy.values()))


@attrs.frozen
class WindowPair:
    llem_j: float | None
    reference_j: float
    window_s: float | None
    reference: str


MakeReference = Callable[[MeasurementTarget], ReferenceReader]


def default_reference(target: MeasurementTarget) -> ReferenceReader:
    """Zeus when importable (``options.reference: zeus`` insists on it), else raw pynvml."""
    choice = target.options.get("reference", "auto")
    if choice == "zeus" or (choice == "auto" and importlib.util.find_spec("zeus") is not None):
        return ZeusReader(list(target.gpu_indices))
    return RawNvmlReader(torch_uuids(target.gpu_indices))


def torch_uuids(gpu_indices: tuple[int, ...]) -> list[str]:
    """The GPUs' UUIDs as CUDA (through torch) names them: independent of llem's resolution."""
    import torch

    return [f"GPU-{torch.cuda.get_device_properties(i).uuid}" for i in gpu_indices]


class ReferencedSampler:
    """llem's sampler ``inner`` with a reference read inside each of its windows.

    Options (``measurement.energy.options.nvml+reference``): ``log``, the JSON-lines file each
    window's pair is appended to; ``reference``: ``auto`` | ``zeus`` | ``nvml``."""

    name = "nvml+reference"

    def __init__(
        self, inner: EnergySampler | None = None, make_reference: MakeReference = default_reference
    ) -> None:
        self._inner: EnergySampler = inner if inner is not None else NvmlSampler()
        self._make_reference = make_reference
        self._reference: ReferenceReader | None = None
        self._log: Path | None = None

    def probe(self, target: MeasurementTarget) -> Availability:
        if "log" not in target.options:
            return Availability(False, f"{self.name} needs options.log (a file path)")
        availability = self._inner.probe(target)
        if availability.ok:
            self._reference, self._log = self._make_reference(target), Path(target.options["log"])
        return availability

    def start(self) -> None:
        self._inner.start()
        self._require_reference().begin()

    def stop(self) -> EnergyMeasurement:
        reference = self._require_reference()
        reference_j = reference.end()
        measurement = self._inner.stop()
        pair = WindowPair(measurement.total_j, reference_j, measurement.window_s, reference.name)
        with (self._log or Path(os.devnull)).open("a") as log:
            log.write(json.dumps(attrs.asdict(pair)) + "\n")
        return measurement

    def timeline(self) -> Timeline | None:
        return self._inner.timeline() if isinstance(self._inner, TimelineSource) else None

    def temperatures(self) -> dict[str, float]:
        return self._inner.temperatures() if isinstance(self._inner, TemperatureSource) else {}

    def _require_reference(self) -> ReferenceReader:
        if self._reference is None:
            raise RuntimeError(f"{self.name}: start() needs a successful probe() first")
        return self._reference


def read_pairs(log: Path) -> list[WindowPair]:
    """Every window the sampler measured, in order (the last is the measured window)."""
    return [WindowPair(**json.loads(line)) for line in log.read_text().splitlines() if line]
