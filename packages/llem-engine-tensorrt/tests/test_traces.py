"""TTFT, ITL and e2e from streamed responses: the same definitions as the other engines."""

from __future__ import annotations

import pytest

from llem_tensorrt.traces import RequestTrace


def test_latencies_follow_the_token_stamps() -> None:
    trace = RequestTrace(index=3, submitted_at=10.0, input_tokens=5)
    trace.add(10.5, [11], "a")
    trace.add(10.7, [12, 13], "bc")
    trace.add(11.0, [14], "d")
    output = trace.output()
    assert (output.index, output.input_tokens, output.output_tokens) == (3, 5, 4)
    assert output.ttft_s == pytest.approx(0.5)
    assert output.itl_s == pytest.approx((0.2, 0.0, 0.3))
    assert output.e2e_s == pytest.approx(1.0)
    assert output.text == "abcd"


def test_a_request_without_tokens_has_no_ttft() -> None:
    output = RequestTrace(index=1, submitted_at=1.0, input_tokens=2).output()
    assert (output.output_tokens, output.ttft_s, output.itl_s, output.e2e_s) == (0, None, (), 0.0)
