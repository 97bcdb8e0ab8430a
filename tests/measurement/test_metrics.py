"""Percentiles, latency pooling, TPOT and throughput."""

from __future__ import annotations

import random
import statistics

import pytest

from llem.engine_api import RequestOutput
from llem.harness.metrics import latency_stats, percentile, summarise_latency, throughput


def request(index, *, ttft, itl, e2e, input_tokens=10):
    return RequestOutput(
        index=index, input_tokens=input_tokens, output_tokens=len(itl) + 1,
        ttft_s=ttft, itl_s=tuple(itl), e2e_s=e2e,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1, 2, 3, 4], 50, 2.5),
        ([1, 2, 3, 4], 90, 3.7),  # rank 0.9 * 3 = 2.7: 3 + 0.7 * (4 - 3)
        ([4, 1, 3, 2], 25, 1.75),  # unsorted input; rank 0.75
        ([1, 2, 3, 4], 0, 1),
        ([1, 2, 3, 4], 100, 4),
        ([7.5], 99, 7.5),
        ([10, 20, 30, 40, 50], 95, 48.0),  # rank 3.8
    ],
)
def test_percentile_hand_computed(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_matches_statistics_quantiles_inclusive():
    rng = random.Random(7)
    for size in (2, 3, 10, 101, 257):
        values = [rng.expovariate(3.0) for _ in range(size)]
        reference = statistics.quantiles(values, n=100, method="inclusive")
        for q in range(1, 100):
            assert percentile(values, q) == pytest.approx(reference[q - 1], rel=1e-12)


def test_percentile_rejects_empty_and_out_of_range():
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match=r"\[0, 100\]"):
        percentile([1.0], 101)


def test_latency_stats_summary():
    stats = latency_stats([0.3, 0.1, 0.2])
    assert (stats.n, stats.min, stats.max, stats.reason) == (3, 0.1, 0.3, None)
    assert stats.mean == pytest.approx(0.2)
    assert stats.p50 == pytest.approx(0.2)
    assert stats.p99 == pytest.approx(0.298)


def test_latency_stats_of_nothing_is_null_with_reason():
    stats = latency_stats([], empty_reason="nothing timed")
    assert stats.n == 0
    assert (stats.mean, stats.min, stats.max, stats.p50, stats.p99) == (None,) * 5
    assert stats.reason == "nothing timed"


def test_itl_pools_every_gap_across_requests_and_tpot_is_per_request():
    outputs = [
        request(0, ttft=0.10, itl=[0.02, 0.03], e2e=0.15),
        request(1, ttft=0.20, itl=[0.05], e2e=0.25),
        request(2, ttft=0.40, itl=[], e2e=0.40),  # one token: no gap, no TPOT
    ]
    summary = summarise_latency(outputs)
    assert summary.itl.n == 3
    assert summary.itl.mean == pytest.approx(0.10 / 3)
    assert summary.itl.max == pytest.approx(0.05)
    assert summary.tpot.n == 2
    assert summary.tpot.min == pytest.approx(0.025)  # (0.15 - 0.10) / 2
    assert summary.tpot.max == pytest.approx(0.05)  # (0.25 - 0.20) / 1
    assert summary.ttft.n == 3
    assert summary.ttft.p50 == pytest.approx(0.20)
    assert summary.e2e.mean == pytest.approx(0.80 / 3)


def test_requests_without_ttft_are_left_out_of_ttft_and_tpot():
    outputs = [request(0, ttft=None, itl=[0.01, 0.01], e2e=0.5)]
    summary = summarise_latency(outputs)
    assert summary.ttft.n == 0 and summary.ttft.p50 is None
    assert "no time to first token" in summary.ttft.reason
    assert summary.tpot.n == 0 and summary.tpot.reason is not None
    assert summary.itl.n == 2


def test_no_requests_gives_null_stats_with_reason():
    summary = summarise_latency([])
    assert summary.e2e.n == 0 and summary.e2e.reason == "no requests"
    assert summary.itl.reason == "no requests"


def test_throughput_over_the_window():
    outputs = [
        request(0, ttft=0.1, itl=[0.1] * 9, e2e=1.0, input_tokens=30),  # 10 output tokens
        request(1, ttft=0.1, itl=[0.1] * 29, e2e=3.0, input_tokens=50),  # 30 output tokens
    ]
    result = throughput(outputs, window_s=4.0)
    assert (result.n_requests, result.input_tokens, result.output_tokens) == (2, 80, 40)
    assert result.output_tokens_per_s == pytest.approx(10.0)
    assert result.total_tokens_per_s == pytest.approx(30.0)
    assert result.requests_per_s == pytest.approx(0.5)
    assert result.reason is None


@pytest.mark.parametrize("window_s", [0.0, None])
def test_throughput_without_a_window_is_null_with_reason(window_s):
    result = throughput([request(0, ttft=0.1, itl=[0.1], e2e=0.2)], window_s=window_s)
    assert result.output_tokens_per_s is None and result.requests_per_s is None
    assert result.output_tokens == 2
    assert result.reason is not None
