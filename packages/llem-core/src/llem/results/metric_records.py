"""The measured figures' records in ``result.json``: latency statistics, throughput and FLOPs.

The harness computes them (``llem.harness.stats``, ``latency``, ``throughput``, ``flops``); they
live here, with the rest of the result's schema, so that readers of results need no harness.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class LatencyStats:
    """Summary of latency samples in seconds.

    With no samples, ``n`` is 0, every figure is ``None`` and ``reason`` says why (no value is
    invented). With samples, ``reason`` is ``None``.
    """

    n: int
    mean: float | None
    min: float | None
    max: float | None
    p50: float | None
    p90: float | None
    p95: float | None
    p99: float | None
    reason: str | None = None


@attrs.frozen
class LatencySummary:
    ttft: LatencyStats
    itl: LatencyStats
    tpot: LatencyStats
    e2e: LatencyStats


@attrs.frozen
class Throughput:
    """Rates over ``window_s`` (the energy window); ``None`` with ``reason`` when the window has
    no usable duration. Token totals come from the engine's outputs."""

    n_requests: int
    input_tokens: int
    output_tokens: int
    window_s: float | None
    output_tokens_per_s: float | None
    total_tokens_per_s: float | None
    requests_per_s: float | None
    reason: str | None = None


@attrs.frozen
class FlopsEstimate:
    """FLOPs of the window's requests; ``per_output_token`` is ``None`` (with ``reason``) when no
    output token was produced."""

    method: str
    prefill: int
    decode: int
    total: int
    per_output_token: float | None
    reason: str | None = None
