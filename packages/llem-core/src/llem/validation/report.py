"""Judge and write out a validation: agreement with the reference, counter vs timeline, CV."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import attrs

from llem.harness.warmup import coefficient_of_variation
from llem.validation.driver import RunFigures

AGREEMENT_TOLERANCE = 0.02


def relative_difference(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference == 0:
        return None
    return (value - reference) / reference


@attrs.frozen
class Verdict:
    max_reference_difference: float | None
    mean_timeline_difference: float | None
    energy_per_token_cv: float | None
    agrees: bool


def judge(runs: Sequence[RunFigures]) -> Verdict:
    """llem agrees when every run is within 2 % of the reference."""
    to_reference = [relative_difference(r.llem_j, r.reference_j) for r in runs]
    to_timeline = [relative_difference(r.timeline_j, r.llem_j) for r in runs]
    per_token = [r.j_per_output_token for r in runs if r.j_per_output_token is not None]
    measured = [abs(d) for d in to_reference if d is not None]
    worst = max(measured) if len(measured) == len(runs) and runs else None
    timeline = [d for d in to_timeline if d is not None]
    return Verdict(
        max_reference_difference=worst,
        mean_timeline_difference=statistics.fmean(timeline) if timeline else None,
        energy_per_token_cv=coefficient_of_variation(per_token),
        agrees=worst is not None and worst <= AGREEMENT_TOLERANCE,
    )


def _pct(value: float | None) -> str:
    return "null" if value is None else f"{value:+.2%}"


def _j(value: float | None) -> str:
    return "null" if value is None else f"{value:.2f}"


def _mj(value: float | None) -> str:
    return "null" if value is None else f"{value * 1000:.3f} mJ"


def markdown(runs: Sequence[RunFigures], verdict: Verdict, device: str) -> str:
    lines = [
        f"Device: {device}",
        "",
        "| run | llem J (counter) | reference J | llem vs reference | timeline J | timeline vs "
        "counter | window s | output tokens | J / output token |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for number, run in enumerate(runs, 1):
        lines.append(
            f"| {number} | {_j(run.llem_j)} | {_j(run.reference_j)} | "
            f"{_pct(relative_difference(run.llem_j, run.reference_j))} | {_j(run.timeline_j)} | "
            f"{_pct(relative_difference(run.timeline_j, run.llem_j))} | {run.window_s:.2f} | "
            f"{run.output_tokens} | {_mj(run.j_per_output_token)} |"
        )
    cv = verdict.energy_per_token_cv
    lines += [
        "",
        f"Reference: {runs[0].reference if runs else 'none'}. Largest |llem - reference|: "
        f"{_pct(verdict.max_reference_difference)} (tolerance ±{AGREEMENT_TOLERANCE:.0%}): "
        f"{'AGREES' if verdict.agrees else 'DOES NOT AGREE'}.",
        f"Mean timeline integral vs counter: {_pct(verdict.mean_timeline_difference)}.",
        f"CV of energy per output token over {len(runs)} runs: "
        f"{'null' if cv is None else f'{cv:.2%}'}.",
    ]
    return "\n".join(lines)
