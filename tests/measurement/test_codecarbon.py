"""CodeCarbonSampler: the country option, the not-installed reason, measured vs estimated parts
(with CodeCarbon's real hardware objects when the extra is installed), the CO2 figure, and the
estimate-only refusal on a machine without RAPL or GPU."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import attrs
import pytest

from llem.energy import builtin
from llem.energy.base import MeasurementTarget
from llem.energy.codecarbon import (
    METHOD,
    NO_GPU,
    CodeCarbonSampler,
    Setup,
    measurement_of,
    measurement_problem,
    new_tracker,
)
from llem.energy.codecarbon_parts import Part, boundary, domains_of, parts_of
from llem.energy.codecarbon_setup import (
    MISSING_COUNTRY,
    NOT_INSTALLED,
    Grid,
    grid_of,
    tracker_settings,
)
from llem.records import import_string

FRANCE = {"country_iso_code": "FRA"}
RAPL_CPU = Part("cpu", "cpu-packages", "package", "RAPL package counters")
GPU = Part("gpu", "gpu:0", "gpu", "pynvml / AMD SMI")
RAM = Part("ram", "ram", "dram", "", "CodeCarbon estimates RAM power (not measured)")
TDP_CPU = Part("cpu", "cpu-packages", "package", "", "CodeCarbon estimates CPU power from TDP")


@attrs.frozen
class Figures:
    """The EmissionsData fields llem reads (energies in kWh)."""

    duration: float
    cpu_energy: float
    gpu_energy: float
    ram_energy: float


def no_host_power_interface() -> bool:
    return not Path("/sys/class/powercap").is_dir() and not Path("/dev/nvidiactl").exists()


@pytest.mark.samplers
@pytest.mark.parametrize("options", [{}, {"country_iso_code": ""}, {"country_iso_code": 250}])
def test_probe_names_the_country_option_when_it_is_missing(options):
    availability = CodeCarbonSampler().probe(MeasurementTarget("cpu", options=options))
    assert (availability.ok, availability.reason) == (False, MISSING_COUNTRY)
    assert "measurement.energy.options.codecarbon.country_iso_code" in availability.reason


def test_probe_says_how_to_install_codecarbon_when_it_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "codecarbon", None)  # how Python marks a module as absent
    availability = CodeCarbonSampler().probe(MeasurementTarget("cpu", options=FRANCE))
    assert availability.reason == "codecarbon is not installed: pip install 'llem-core[codecarbon]'"
    assert availability.reason == NOT_INSTALLED


def test_without_codecarbon_the_advice_is_to_install_it_not_to_configure_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "codecarbon", None)
    availability = CodeCarbonSampler().probe(MeasurementTarget("cpu", options={}))
    assert availability.reason == NOT_INSTALLED


def test_only_measured_parts_become_domains_and_estimates_are_named():
    parts = [RAM, RAPL_CPU, GPU]
    domains = domains_of(parts, Figures(10.0, cpu_energy=0.001, gpu_energy=0.01, ram_energy=1.0))
    assert [(d.device, d.domain, d.joules) for d in domains] == [
        ("cpu-packages", "package", pytest.approx(3_600.0)),
        ("gpu:0", "gpu", pytest.approx(36_000.0)),
    ]
    assert domains[0].method == "codecarbon: RAPL package counters"
    text = boundary(parts, "3.3.2")
    assert text.startswith("CodeCarbon 3.3.2, whole machine: cpu-packages (RAPL package counters)")
    assert text.endswith("Left out as estimates: CodeCarbon estimates RAM power (not measured)")


def test_a_figure_an_estimate_adds_to_is_not_reported():
    apple_cpu = Part("cpu", "apple-soc", "cpu", "powermetrics")
    domains = domains_of([apple_cpu, TDP_CPU], Figures(1.0, 0.5, 0.0, 0.0))
    assert domains == []


def test_measurement_and_co2_from_measured_energy_only():
    setup = Setup(
        {}, Grid(50.0, "codecarbon 3.3.2 offline, France (FRA) energy mix"), "3.3.2", "gpu:0"
    )
    figures = Figures(duration=7.5, cpu_energy=0.002, gpu_energy=0.008, ram_energy=0.5)
    measurement = measurement_of([RAPL_CPU, GPU, RAM], figures, setup)
    assert (measurement.sampler, measurement.method) == ("codecarbon", METHOD)
    assert measurement.total_j == pytest.approx(36_000.0)  # 0.01 kWh; the RAM estimate left out
    assert measurement.window_s == 7.5
    emissions = measurement.emissions
    assert emissions.kg_co2eq == pytest.approx(0.01 * 50.0 / 1000)
    assert emissions.intensity_g_per_kwh == 50.0
    assert emissions.source == "codecarbon 3.3.2 offline, France (FRA) energy mix"


def test_nothing_measured_or_no_gpu_for_a_gpu_experiment_is_refused():
    problem = measurement_problem([RAM, TDP_CPU], MeasurementTarget("cpu"))
    assert problem.startswith("CodeCarbon only estimates here, it measures nothing: ")
    assert "CodeCarbon estimates RAM power (not measured)" in problem
    assert measurement_problem([RAPL_CPU, RAM], MeasurementTarget("cuda", (0,))) == NO_GPU
    assert measurement_problem([RAPL_CPU, RAM], MeasurementTarget("cpu")) is None


@pytest.mark.samplers
def test_real_hardware_objects_measured_only_with_rapl(tmp_path):
    hardware = importlib.import_module("codecarbon.external.hardware")
    ram = importlib.import_module("codecarbon.external.ram")
    zone = tmp_path / "intel-rapl:0"
    zone.mkdir()
    for name, text in (("name", "package-0"), ("energy_uj", "1000"), ("max_energy_range_uj", "9")):
        (zone / name).write_text(text + "\n")
    rapl = hardware.CPU(".", mode="intel_rapl", model="x", tdp=100, rapl_dir=str(tmp_path))
    load = hardware.CPU.from_utils(".", "cpu_load", "x", 100)
    parts = parts_of([ram.RAM(), rapl, load], gpu_device=None)
    assert [part.estimate is None for part in parts] == [False, True, False]
    assert parts[1] == RAPL_CPU
    assert "cpu_load mode" in parts[2].estimate
    assert (
        parts[0].estimate
        == "CodeCarbon estimates RAM power from the installed memory size (not measured)"
    )


@pytest.mark.samplers
def test_grid_is_codecarbons_offline_intensity_for_the_country():
    codecarbon = importlib.import_module("codecarbon")
    energy_mix = (
        importlib.import_module("codecarbon.input").DataSource().get_global_energy_mix_data()
    )
    grid = grid_of("FRA", codecarbon.__version__)
    assert grid.intensity_g_per_kwh == pytest.approx(energy_mix["FRA"]["carbon_intensity"])
    assert grid.source == f"codecarbon {codecarbon.__version__} offline, France (FRA) energy mix"


@pytest.mark.samplers
def test_unknown_country_is_refused_rather_than_averaged():
    importlib.import_module("codecarbon")
    target = MeasurementTarget("cpu", options={"country_iso_code": "XYZ"})
    reason = CodeCarbonSampler().probe(target).reason
    assert reason == (
        "CodeCarbon has no energy mix for "
        "measurement.energy.options.codecarbon.country_iso_code='XYZ' (ISO 3166-1 alpha-3)"
    )


@pytest.mark.skipif(not no_host_power_interface(), reason="this machine has RAPL or an NVIDIA GPU")
@pytest.mark.samplers
def test_estimate_only_machine_is_refused(tmp_path, monkeypatch):
    importlib.import_module("codecarbon")
    monkeypatch.chdir(tmp_path)
    availability = CodeCarbonSampler().probe(
        MeasurementTarget("cpu", options={"country_iso_code": "fra"})
    )
    assert availability.ok is False
    assert availability.reason.startswith("CodeCarbon only estimates here, it measures nothing: ")
    assert "RAM power from the installed memory size (not measured)" in availability.reason
    assert "CodeCarbon estimates CPU power from its TDP" in availability.reason
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not no_host_power_interface(), reason="this machine has RAPL or an NVIDIA GPU")
@pytest.mark.samplers
def test_gpu_experiment_without_nvml_is_refused():
    importlib.import_module("codecarbon")
    target = MeasurementTarget("cuda", (0,), options=FRANCE)
    reason = CodeCarbonSampler().probe(target).reason
    assert reason.startswith("cannot tell CodeCarbon which GPUs: NVML unavailable")


@pytest.mark.samplers
def test_a_real_tracker_window_ignores_hostile_codecarbon_config(tmp_path, monkeypatch):
    codecarbon = importlib.import_module("codecarbon")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".codecarbon.config").write_text("[codecarbon]\npue = 3\noutput_methods = csv\n")
    monkeypatch.setenv("CODECARBON_SAVE_TO_FILE", "true")
    monkeypatch.setenv("CODECARBON_FORCE_RAM_POWER", "1000")
    setup = Setup(tracker_settings("FRA", []), Grid(50.0, "test"), codecarbon.__version__, None)
    tracker = new_tracker(setup)
    tracker.start()
    time.sleep(0.1)
    tracker.stop()
    figures = tracker.final_emissions_data
    assert (figures.pue, figures.ram_power < 1000) == (1.0, True)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".codecarbon.config"]
    measurement = measurement_of(parts_of(tracker._hardware, None), figures, setup)
    if not no_host_power_interface():
        return
    assert measurement.total_j is None
    assert measurement.emissions.kg_co2eq is None
    assert "RAM" in measurement.boundary


def test_builtin_registers_codecarbon_for_explicit_choice_only():
    specs = {spec.name: spec for spec in builtin.llem_register_energy_samplers()}
    assert specs["codecarbon"].auto_priority is None
    assert import_string(specs["codecarbon"].factory) is CodeCarbonSampler
