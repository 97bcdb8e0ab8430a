"""Latency and throughput metrics of a measured window (one import point for the harness)."""

from __future__ import annotations

from llem.harness.latency import LatencySummary, summarise_latency
from llem.harness.stats import LatencyStats, latency_stats, percentile
from llem.harness.throughput import Throughput, throughput

__all__ = [
    "LatencyStats",
    "LatencySummary",
    "Throughput",
    "latency_stats",
    "percentile",
    "summarise_latency",
    "throughput",
]
