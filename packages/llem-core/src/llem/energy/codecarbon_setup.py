"""Everything CodeCarbon needs before a window: the module, the country and its carbon
intensity, the GPUs in CodeCarbon's numbering, and tracker settings that keep it offline and quiet.

CodeCarbon reads ``.codecarbon.config`` (cwd and home) and ``CODECARBON_*`` variables for every
setting not passed explicitly. Those could turn on CSV/API/Prometheus output, an Electricity Maps
call, a PUE multiplier or a forced CPU/RAM power, so every such setting is passed explicitly.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from llem.energy.library_prints import prints_to_debug_log
from llem.energy.nvml_devices import GpuResolutionError, resolve_gpus
from llem.energy.nvml_support import NvmlModule, NvmlUnavailableError, describe_error, nvml_session

NOT_INSTALLED = "codecarbon is not installed: pip install 'llem-core[codecarbon]'"
COUNTRY_OPTION = "measurement.energy.options.codecarbon.country_iso_code"
MISSING_COUNTRY = (
    f"CodeCarbon needs the country of the grid: set {COUNTRY_OPTION} "
    "(ISO 3166-1 alpha-3, e.g. FRA, USA, DEU)"
)
MEASURE_POWER_S = 10.0
"""CodeCarbon's measurement interval: well inside any RAPL counter's wrap period."""


class CodeCarbonUnavailableError(Exception):
    """CodeCarbon cannot be used here; the message says why."""


@attrs.frozen
class Grid:
    """The carbon intensity CodeCarbon's offline data gives a country, and where it came from."""

    intensity_g_per_kwh: float
    source: str


def country_option(options: Mapping[str, Any]) -> str:
    """The configured country, upper-cased; :class:`CodeCarbonUnavailableError` when missing."""
    country = options.get("country_iso_code")
    if not isinstance(country, str) or not country.strip():
        raise CodeCarbonUnavailableError(MISSING_COUNTRY)
    return country.strip().upper()


class _ErrorsOnly(logging.Filter):
    """Keeps CodeCarbon's errors only. A filter, not a level: CodeCarbon resets its logger's level
    when imported and again in each tracker's constructor, after its first messages."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def load_codecarbon() -> Any:
    """The ``codecarbon`` module, its logger quietened before its first message."""
    codecarbon_logger = logging.getLogger("codecarbon")
    if not any(isinstance(item, _ErrorsOnly) for item in codecarbon_logger.filters):
        codecarbon_logger.addFilter(_ErrorsOnly())
    try:
        with prints_to_debug_log("codecarbon"):
            return importlib.import_module("codecarbon")
    except ImportError as error:
        message = (
            NOT_INSTALLED if error.name == "codecarbon" else f"codecarbon failed to import: {error}"
        )
        raise CodeCarbonUnavailableError(message) from error


def grid_of(country: str, version: str) -> Grid:
    """CodeCarbon's own intensity for ``country``: what it multiplies energy by, offline."""
    from codecarbon.core.emissions import Emissions
    from codecarbon.core.units import Energy
    from codecarbon.external.geography import GeoMetadata

    name = country_name(country)
    geo = GeoMetadata(country_iso_code=country, country_name=name)
    kg_per_kwh = Emissions(data_source()).get_private_infra_emissions(Energy.from_energy(1.0), geo)
    return Grid(kg_per_kwh * 1000, f"codecarbon {version} offline, {name} ({country}) energy mix")


def country_name(country: str) -> str:
    """The country's name in CodeCarbon's energy-mix data; a country missing there is refused
    (CodeCarbon would silently use the world average)."""
    mix = data_source().get_global_energy_mix_data()
    if country not in mix:
        raise CodeCarbonUnavailableError(
            f"CodeCarbon has no energy mix for {COUNTRY_OPTION}={country!r} (ISO 3166-1 alpha-3)"
        )
    return str(mix[country]["country_name"])


def data_source() -> Any:
    """CodeCarbon's packaged data (energy mixes per country); CodeCarbon leaves it untyped."""
    from codecarbon.input import DataSource

    return DataSource()  # type: ignore[no-untyped-call]


def nvml_indices(cuda_indices: Sequence[int], env: Mapping[str, str] = os.environ) -> list[int]:
    """CodeCarbon numbers GPUs as NVML does; the experiment names CUDA ordinals. llem's resolver
    maps one to the other (CodeCarbon would read CUDA_VISIBLE_DEVICES entries as NVML indices)."""
    try:
        with nvml_session(None) as nvml:
            return _resolve(nvml, cuda_indices, env)
    except (NvmlUnavailableError, GpuResolutionError) as error:
        raise CodeCarbonUnavailableError(f"cannot tell CodeCarbon which GPUs: {error}") from error


def _resolve(nvml: NvmlModule, cuda_indices: Sequence[int], env: Mapping[str, str]) -> list[int]:
    try:
        return [gpu.nvml_index for gpu in resolve_gpus(nvml, cuda_indices, env)]
    except nvml.NVMLError as error:
        raise GpuResolutionError(describe_error(nvml, error)) from error


def tracker_settings(country: str, gpu_ids: Sequence[int]) -> dict[str, Any]:
    """Keyword arguments of ``OfflineEmissionsTracker``: no output, no network, no scaling."""
    return {
        "country_iso_code": country,
        "gpu_ids": list(gpu_ids),
        "output_methods": [],
        "emissions_endpoint": None,
        "electricitymaps_api_token": None,
        "api_call_interval": -1,
        "log_level": "error",
        "measure_power_secs": MEASURE_POWER_S,
        "tracking_mode": "machine",
        "pue": 1.0,
        "wue": 0.0,
        "force_cpu_power": None,
        "force_ram_power": None,
        "force_mode_cpu_load": False,
        "force_carbon_intensity_g_co2e_kwh": None,
        "rapl_include_dram": False,
        "rapl_prefer_psys": False,
        "allow_multiple_runs": True,
        "project_name": "llem",
    }
