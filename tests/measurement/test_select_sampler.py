"""select_sampler: none, auto (priority order, fallback, reasons) and named samplers."""

from __future__ import annotations

import sys
import types

import pytest

from llem.energy import builtin
from llem.energy.base import Availability, MeasurementTarget, unmeasured
from llem.energy.nvml import NvmlSampler
from llem.energy.rapl import RaplSampler
from llem.energy.select import require_named_sampler, select_sampler
from llem.errors import UsageError
from llem.plugins.registry import Registered, Registry
from llem.records import EnergySamplerSpec, import_string

TARGET = MeasurementTarget("cuda", (0,))
MODULE = "llem_test_fake_samplers"


def fake_sampler(name: str, reason: str | None):
    class FakeSampler:
        def __init__(self) -> None:
            self.name = name

        def probe(self, target: MeasurementTarget) -> Availability:
            return Availability(reason is None, reason)

        def start(self) -> None: ...

        def stop(self):
            return unmeasured("fake", sampler=name)

    return FakeSampler


def broken_factory():
    raise OSError("device tree unreadable")


@pytest.fixture
def registry(monkeypatch) -> Registry:
    module = types.ModuleType(MODULE)
    module.GpuOff = fake_sampler("gpu", "no GPU here")
    module.CpuOn = fake_sampler("cpu", None)
    module.ManualOn = fake_sampler("manual", None)
    module.Broken = broken_factory
    monkeypatch.setitem(sys.modules, MODULE, module)
    specs = [
        EnergySamplerSpec("gpu", f"{MODULE}:GpuOff", auto_priority=20),
        EnergySamplerSpec("cpu", f"{MODULE}:CpuOn", auto_priority=10),
        EnergySamplerSpec("manual", f"{MODULE}:ManualOn", auto_priority=None),
        EnergySamplerSpec("broken", f"{MODULE}:Broken", auto_priority=30),
    ]
    return Registry(energy_samplers={spec.name: Registered(spec, plugin="test") for spec in specs})


def test_none_disables_measurement(registry):
    choice = select_sampler("none", registry, TARGET)
    assert choice.sampler is None
    assert choice.reason == "energy measurement disabled (measurement.energy.sampler: none)"


def test_auto_takes_the_highest_priority_sampler_that_can_measure(registry):
    choice = select_sampler("auto", registry, TARGET)
    assert choice.name == "cpu"
    assert choice.sampler is not None and choice.sampler.name == "cpu"
    assert choice.reason.startswith("auto: chose cpu")
    assert "broken unavailable (failed to load" in choice.reason
    assert "OSError: device tree unreadable" in choice.reason
    assert "gpu unavailable (no GPU here)" in choice.reason
    assert choice.reason.index("broken") < choice.reason.index("gpu")  # priority 30 before 20


def test_auto_ignores_samplers_without_priority(registry):
    del registry.energy_samplers["cpu"]
    choice = select_sampler("auto", registry, TARGET)
    assert choice.sampler is None
    assert choice.reason.startswith("auto: broken unavailable (")
    assert choice.reason.endswith("; gpu unavailable (no GPU here)")
    assert "manual" not in choice.reason


def test_auto_with_nothing_registered():
    choice = select_sampler("auto", Registry(), TARGET)
    assert choice.sampler is None and "no energy sampler" in choice.reason


def test_named_sampler_that_can_measure(registry):
    choice = select_sampler("manual", registry, TARGET)
    assert choice.sampler is not None and choice.name == "manual"


def test_named_sampler_that_cannot_measure_gives_no_sampler_and_reason(registry):
    choice = select_sampler("gpu", registry, TARGET)
    assert choice.sampler is None
    assert choice.name == "gpu"
    assert choice.reason == "gpu cannot measure here: no GPU here"


def test_unknown_sampler_name_is_a_usage_error_with_suggestion(registry):
    with pytest.raises(UsageError, match="did you mean 'manual'"):
        select_sampler("manul", registry, TARGET)


def test_builtin_plugin_registers_nvml_above_rapl():
    specs = {spec.name: spec for spec in builtin.llem_register_energy_samplers()}
    assert specs["nvml"].auto_priority > specs["rapl"].auto_priority
    assert import_string(specs["nvml"].factory) is NvmlSampler
    assert import_string(specs["rapl"].factory) is RaplSampler


def test_a_named_sampler_that_measures_nothing_here_stops_the_run_before_loading(registry):
    with pytest.raises(UsageError) as raised:
        require_named_sampler("gpu", registry, {})
    assert str(raised.value) == (
        "measurement.energy.sampler: gpu cannot measure here (cpu and cuda: no GPU here);"
        " use auto to measure with what there is, or none"
    )


def test_a_broken_named_sampler_names_what_failed(registry):
    with pytest.raises(UsageError, match=r"broken cannot measure here .*device tree unreadable"):
        require_named_sampler("broken", registry, {})


@pytest.mark.parametrize("choice", ["auto", "none", "cpu", "manual"])
def test_auto_none_and_samplers_that_can_measure_pass(registry, choice):
    require_named_sampler(choice, registry, {})
