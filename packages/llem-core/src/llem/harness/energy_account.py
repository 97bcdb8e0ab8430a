"""Raw and baseline-adjusted energy of the window, in total, per domain and per token.

adjusted = max(0, raw - baseline_W x window_s): the energy above what the devices would have drawn
idle over the same time. Clipped at 0 because idle power measured at another moment can exceed a
light window's average draw; per domain the same formula uses that domain's idle power.
"""

from __future__ import annotations

from collections.abc import Sequence

from llem.energy.base import DomainEnergy, EnergyMeasurement
from llem.energy.select import SamplerChoice
from llem.engine_api import RequestOutput
from llem.results.models import Baseline, DomainEnergyAdjusted, Energy


def per_token(joules: float | None, tokens: int) -> float | None:
    return joules / tokens if joules is not None and tokens > 0 else None


def adjusted_energy(
    raw_j: float | None, idle_w: float | None, window_s: float | None
) -> float | None:
    if raw_j is None or idle_w is None or window_s is None:
        return None
    return max(0.0, raw_j - idle_w * window_s)


def energy_section(
    measurement: EnergyMeasurement,
    choice: SamplerChoice,
    baseline: Baseline,
    outputs: Sequence[RequestOutput],
) -> Energy:
    output_tokens = sum(o.output_tokens for o in outputs)
    all_tokens = output_tokens + sum(o.input_tokens for o in outputs)
    raw_j = measurement.total_j
    adjusted_j = adjusted_energy(raw_j, baseline.power_w, measurement.window_s)
    return Energy(
        measurement=measurement, sampler_choice=choice.reason, baseline=baseline,
        raw_j=raw_j, adjusted_j=adjusted_j,
        per_output_token_j=per_token(raw_j, output_tokens),
        per_token_j=per_token(raw_j, all_tokens),
        adjusted_per_output_token_j=per_token(adjusted_j, output_tokens),
        adjusted_per_token_j=per_token(adjusted_j, all_tokens),
        domains=tuple(_domain(d, baseline, measurement.window_s) for d in measurement.domains),
        reason=measurement.reason,
        adjusted_reason=_adjusted_reason(measurement, baseline),
    )  # fmt: skip


def _domain(
    domain: DomainEnergy, baseline: Baseline, window_s: float | None
) -> DomainEnergyAdjusted:
    idle_w = next(
        (
            p.power_w
            for p in baseline.domains
            if (p.device, p.domain) == (domain.device, domain.domain)
        ),
        None,
    )
    idle_j = None if idle_w is None or window_s is None else idle_w * window_s
    adjusted = adjusted_energy(domain.joules, idle_w, window_s)
    return DomainEnergyAdjusted(domain.device, domain.domain, domain.joules, idle_j, adjusted)


def _adjusted_reason(measurement: EnergyMeasurement, baseline: Baseline) -> str | None:
    if measurement.total_j is None:
        return f"raw energy not measured: {measurement.reason}"
    if baseline.power_w is None:
        return f"no idle baseline: {baseline.reason}"
    if measurement.window_s is None:
        return "the window has no duration"
    return None
