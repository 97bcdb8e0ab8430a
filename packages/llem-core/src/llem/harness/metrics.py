"""Latency and throughput metrics of a measured window (one import point for the harness)."""

from __future__ import annotations

from llem.harness.latency import summarise_latency
from llem.harness.stats import latency_stats, percentile
from llem.harness.throughput import throughput

__all__ = ["latency_stats", "percentile", "summarise_latency", "throughput"]
