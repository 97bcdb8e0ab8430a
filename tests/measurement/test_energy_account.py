"""energy_section: raw and baseline-adjusted energy, per domain, per token, and the reasons."""

from __future__ import annotations

import attrs
import pytest

from llem.energy.select import SamplerChoice
from llem.engine_api import RequestOutput
from llem.harness.energy_account import adjusted_energy, energy_section, per_token
from llem.results.models import Baseline, DomainPower
from tests.measurement.scripted import CPU, GPU0, energy_window

CHOICE = SamplerChoice(None, "scripted", "scripted: chosen by name")
WINDOW = energy_window({GPU0: 1000.0, CPU: 300.0}, window_s=10.0)  # 1300 J over 10 s
# 100 output tokens and 100 input tokens in all
OUTPUTS = [RequestOutput(0, 50, 30, 0.1, (), 1.0), RequestOutput(1, 50, 70, 0.1, (), 2.0)]


def baseline(gpu_w: float | None = 40.0, cpu_w: float | None = 10.0, **overrides) -> Baseline:
    domains = tuple(DomainPower(*d, w) for d, w in ((GPU0, gpu_w), (CPU, cpu_w)) if w is not None)
    total = None if gpu_w is None or cpu_w is None else gpu_w + cpu_w
    settings = {"power_w": total, "domains": domains}
    return Baseline("fresh", "fresh", **{**settings, **overrides})


def by_domain(energy) -> dict:
    return {(d.device, d.domain): d for d in energy.domains}


def test_adjusted_total_subtracts_idle_power_times_window():
    energy = energy_section(WINDOW, CHOICE, baseline(), OUTPUTS)
    assert energy.raw_j == pytest.approx(1300.0)
    assert energy.adjusted_j == pytest.approx(800.0)  # 1300 - 50 W x 10 s
    assert energy.sampler_choice == "scripted: chosen by name"
    assert energy.measurement is WINDOW
    assert energy.reason is None
    assert energy.adjusted_reason is None


def test_adjusted_per_domain_uses_that_domains_idle_power():
    domains = by_domain(energy_section(WINDOW, CHOICE, baseline(), OUTPUTS))
    gpu, cpu = domains[GPU0], domains[CPU]
    assert (gpu.raw_j, gpu.idle_j, gpu.adjusted_j) == pytest.approx((1000.0, 400.0, 600.0))
    assert (cpu.raw_j, cpu.idle_j, cpu.adjusted_j) == pytest.approx((300.0, 100.0, 200.0))
    assert list(domains) == [GPU0, CPU]  # the measurement's order


def test_per_token_figures_raw_and_adjusted():
    energy = energy_section(WINDOW, CHOICE, baseline(), OUTPUTS)
    assert energy.per_output_token_j == pytest.approx(13.0)  # 1300 J / 100 output tokens
    assert energy.per_token_j == pytest.approx(6.5)  # 1300 J / 200 tokens
    assert energy.adjusted_per_output_token_j == pytest.approx(8.0)
    assert energy.adjusted_per_token_j == pytest.approx(4.0)


def test_adjusted_is_clipped_at_zero_in_total_and_per_domain():
    energy = energy_section(WINDOW, CHOICE, baseline(gpu_w=150.0, cpu_w=20.0), OUTPUTS)
    assert energy.adjusted_j == 0.0  # 1300 - 1700 clipped
    assert energy.adjusted_per_output_token_j == 0.0
    gpu, cpu = by_domain(energy)[GPU0], by_domain(energy)[CPU]
    assert (gpu.idle_j, gpu.adjusted_j) == (pytest.approx(1500.0), 0.0)
    assert cpu.adjusted_j == pytest.approx(100.0)


def test_domain_without_idle_power_has_no_adjusted_figure():
    energy = energy_section(WINDOW, CHOICE, baseline(cpu_w=None, power_w=50.0), OUTPUTS)
    cpu = by_domain(energy)[CPU]
    assert (cpu.raw_j, cpu.idle_j, cpu.adjusted_j) == (pytest.approx(300.0), None, None)
    assert by_domain(energy)[GPU0].adjusted_j == pytest.approx(600.0)


def test_raw_missing_leaves_every_figure_none_with_the_reason():
    unread = energy_window({GPU0: None, CPU: 300.0}, window_s=10.0)
    energy = energy_section(unread, CHOICE, baseline(), OUTPUTS)
    assert (energy.raw_j, energy.adjusted_j) == (None, None)
    figures = (energy.per_output_token_j, energy.per_token_j)
    adjusted = (energy.adjusted_per_output_token_j, energy.adjusted_per_token_j)
    assert figures + adjusted == (None,) * 4
    assert energy.reason == "a domain could not be read"
    assert energy.adjusted_reason == "raw energy not measured: a domain could not be read"
    gpu = by_domain(energy)[GPU0]
    assert (gpu.raw_j, gpu.adjusted_j) == (None, None)


def test_baseline_missing_keeps_raw_figures_and_nulls_adjusted_with_the_reason():
    off = Baseline("off", "none", None, reason="disabled (measurement.baseline.strategy: off)")
    energy = energy_section(WINDOW, CHOICE, off, OUTPUTS)
    assert energy.raw_j == pytest.approx(1300.0)
    assert energy.per_output_token_j == pytest.approx(13.0)
    assert energy.adjusted_j is None
    assert (energy.adjusted_per_output_token_j, energy.adjusted_per_token_j) == (None, None)
    assert energy.adjusted_reason == (
        "no idle baseline: disabled (measurement.baseline.strategy: off)"
    )
    assert all(d.idle_j is None and d.adjusted_j is None for d in energy.domains)


def test_window_without_duration_has_no_adjusted_energy_and_says_why():
    no_length = attrs.evolve(WINDOW, window_s=None)
    energy = energy_section(no_length, CHOICE, baseline(), OUTPUTS)
    assert energy.raw_j == pytest.approx(1300.0)
    assert energy.adjusted_j is None
    assert energy.adjusted_reason == "the window has no duration"


def test_no_tokens_gives_no_per_token_figures():
    energy = energy_section(WINDOW, CHOICE, baseline(), [])
    assert energy.adjusted_j == pytest.approx(800.0)
    per_tokens = (energy.per_output_token_j, energy.per_token_j, energy.adjusted_per_token_j)
    assert per_tokens == (None, None, None)


@pytest.mark.parametrize(
    ("raw_j", "idle_w", "window_s", "expected"),
    [
        (100.0, 5.0, 10.0, 50.0),
        (100.0, 10.0, 10.0, 0.0),
        (100.0, 20.0, 10.0, 0.0),
        (None, 5.0, 10.0, None),
        (100.0, None, 10.0, None),
        (100.0, 5.0, None, None),
    ],
)
def test_adjusted_energy(raw_j, idle_w, window_s, expected):
    assert adjusted_energy(raw_j, idle_w, window_s) == expected


def test_per_token():
    assert per_token(100.0, 40) == 2.5
    assert per_token(100.0, 0) is None
    assert per_token(None, 40) is None
    assert per_token(0.0, 40) == 0.0
