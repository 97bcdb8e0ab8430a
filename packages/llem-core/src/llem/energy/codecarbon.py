"""Energy and CO2 through CodeCarbon's ``OfflineEmissionsTracker``. Needs the optional extra
(``pip install 'llem-core[codecarbon]'``) and the grid's country in
``measurement.energy.options.codecarbon.country_iso_code``; chosen by name only, never by ``auto``.

llem reports only what CodeCarbon *measures*: its estimates (RAM always, the CPU from its TDP when
there is no RAPL) are left out of the domains and named in the boundary
(:mod:`llem.energy.codecarbon_parts`). Where CodeCarbon would measure nothing, ``probe()`` says so
and refuses. The CO2 figure is that measured energy times CodeCarbon's offline carbon intensity for
the country, not CodeCarbon's own emissions total, which includes its estimates.

Each window gets its own tracker: a stopped CodeCarbon tracker cannot start again, and CodeCarbon
caches its hardware detection per process, so the next tracker is cheap. CodeCarbon swallows its
own exceptions (``start``/``stop`` are wrapped in ``suppress(Exception)``), so success is read
from the tracker's state afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from llem.energy.base import (
    Availability,
    Emissions,
    EnergyMeasurement,
    MeasurementTarget,
    unmeasured,
)
from llem.energy.codecarbon_parts import (
    JOULES_PER_KWH,
    Part,
    boundary,
    domains_of,
    left_out,
    measured,
    parts_of,
)
from llem.energy.codecarbon_setup import (
    CodeCarbonUnavailableError,
    Grid,
    country_option,
    grid_of,
    load_codecarbon,
    nvml_indices,
    tracker_settings,
)
from llem.energy.totals import measurement_from_domains

METHOD = "codecarbon-offline-tracker"
NO_TIMELINE = "the codecarbon sampler records no timeline"
NO_GPU = "CodeCarbon finds no GPU to measure for this GPU experiment (pynvml / AMD SMI)"


@attrs.frozen
class Setup:
    """What a successful probe found: tracker settings, the grid, the GPUs' device label."""

    settings: dict[str, Any] = attrs.field(hash=False)
    grid: Grid
    version: str
    gpu_device: str | None


class CodeCarbonSampler:
    """Whole-machine energy as CodeCarbon measures it, and its CO2 on the configured grid."""

    name = "codecarbon"

    def __init__(self) -> None:
        self._setup: Setup | None = None
        self._tracker: Any = None
        self._failure: str | None = None
        self._open = False

    def probe(self, target: MeasurementTarget) -> Availability:
        self._setup = None
        try:
            setup = prepare(target)
            parts = parts_of(new_tracker(setup)._hardware, setup.gpu_device)
        except CodeCarbonUnavailableError as error:
            return Availability(False, str(error))
        except Exception as error:  # CodeCarbon's own failures, whatever their type
            return Availability(False, f"CodeCarbon cannot start: {type(error).__name__}: {error}")
        problem = measurement_problem(parts, target)
        if problem is None:
            self._setup = setup
        return Availability(problem is None, problem)

    def start(self) -> None:
        if self._setup is None:
            raise RuntimeError("CodeCarbonSampler.start() needs a successful probe() first")
        self._tracker, self._failure, self._open = None, None, True
        try:
            self._tracker = new_tracker(self._setup)
            self._tracker.start()
        except Exception as error:
            self._failure = f"{type(error).__name__}: {error}"
        if self._failure is None and getattr(self._tracker, "_start_time", None) is None:
            self._failure = "the tracker did not start (CodeCarbon hides its errors)"

    def stop(self) -> EnergyMeasurement:
        if not self._open or self._setup is None:
            raise RuntimeError("CodeCarbonSampler.stop() called without start()")
        self._open = False
        if self._failure is not None:
            reason = f"CodeCarbon failed at the window start: {self._failure}"
            return unmeasured(reason, sampler=self.name)
        self._tracker.stop()
        data = getattr(self._tracker, "final_emissions_data", None)
        if data is None:
            return unmeasured("CodeCarbon returned no figures at the window end", sampler=self.name)
        parts = parts_of(self._tracker._hardware, self._setup.gpu_device)
        return measurement_of(parts, data, self._setup)


def prepare(target: MeasurementTarget) -> Setup:
    """Settings for this target; :class:`CodeCarbonUnavailableError` says what is missing (the
    package itself first: advice on its settings is no use while it is not installed)."""
    version = str(load_codecarbon().__version__)
    country = country_option(target.options)
    cuda = target.device_kind == "cuda"
    gpu_ids = nvml_indices(target.gpu_indices) if cuda else []
    gpu_device = gpu_label(target.gpu_indices) if cuda else None
    return Setup(tracker_settings(country, gpu_ids), grid_of(country, version), version, gpu_device)


def new_tracker(setup: Setup) -> Any:
    """An ``OfflineEmissionsTracker`` with its hardware detected."""
    from codecarbon import OfflineEmissionsTracker

    tracker = OfflineEmissionsTracker(**setup.settings)
    tracker.get_detected_hardware()
    return tracker


def measurement_problem(parts: Sequence[Part], target: MeasurementTarget) -> str | None:
    """Why CodeCarbon's figures here would not be a measurement of the target, if they would not."""
    kept = measured(parts)
    if not kept:
        return "CodeCarbon only estimates here, it measures nothing: " + "; ".join(left_out(parts))
    if target.device_kind == "cuda" and not any(part.adds_to == "gpu" for part in kept):
        return NO_GPU
    return None


def measurement_of(parts: Sequence[Part], data: Any, setup: Setup) -> EnergyMeasurement:
    """llem's measurement from CodeCarbon's EmissionsData: measured parts only, plus CO2."""
    measurement = measurement_from_domains(
        sampler="codecarbon", method=METHOD, boundary=boundary(parts, setup.version),
        domains=domains_of(parts, data), window_s=data.duration, timeline_reason=NO_TIMELINE,
    )  # fmt: skip
    return attrs.evolve(measurement, emissions=emissions_of(measurement.total_j, setup.grid))


def emissions_of(total_j: float | None, grid: Grid) -> Emissions:
    if total_j is None:
        reason = "no measured energy to convert (see the energy's reason)"
        return Emissions(None, grid.intensity_g_per_kwh, grid.source, reason)
    kg = total_j / JOULES_PER_KWH * grid.intensity_g_per_kwh / 1000
    return Emissions(kg, grid.intensity_g_per_kwh, grid.source)


def gpu_label(cuda_indices: Sequence[int]) -> str:
    """CodeCarbon sums its GPUs into one figure: one domain labelled with every CUDA index."""
    return "gpu:" + ",".join(str(index) for index in cuda_indices)
