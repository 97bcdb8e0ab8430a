"""TTFT, ITL and e2e from per-token stamps (llem.engine_support.traces): the vLLM engine stamps the
tokens of each step, the TensorRT-LLM engine those of each streamed response."""

from __future__ import annotations

import pytest

from llem.engine_support.traces import RequestTrace


def test_latencies_follow_the_step_stamps() -> None:
    trace = RequestTrace(index=4, submitted_at=10.0, input_tokens=12)
    trace.add(10.5, [101], "Hel")
    trace.add(10.75, [102], "lo")
    trace.add(11.0, [2], "")
    output = trace.output()
    assert (output.index, output.input_tokens, output.output_tokens) == (4, 12, 3)
    assert output.ttft_s == pytest.approx(0.5)
    assert output.itl_s == pytest.approx((0.25, 0.25))
    assert output.e2e_s == pytest.approx(1.0)
    assert output.text == "Hello"


def test_latencies_follow_the_streamed_response_stamps() -> None:
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


def test_tokens_of_one_step_share_its_stamp() -> None:
    """A step yielding two tokens (speculative decoding) gives a zero gap, not an invented one."""
    trace = RequestTrace(index=0, submitted_at=0.0, input_tokens=3)
    trace.add(1.0, [5, 6], "ab")
    trace.add(1.5, [7], "c")
    output = trace.output()
    assert output.output_tokens == 3
    assert output.itl_s == pytest.approx((0.0, 0.5))
    assert len(output.itl_s) == output.output_tokens - 1


def test_a_request_without_tokens_has_no_first_token_latency() -> None:
    output = RequestTrace(index=1, submitted_at=5.0, input_tokens=2).output()
    assert (output.output_tokens, output.ttft_s, output.itl_s) == (0, None, ())
    assert output.e2e_s == 0.0


def test_an_empty_delta_changes_nothing() -> None:
    trace = RequestTrace(index=0, submitted_at=0.0, input_tokens=1)
    trace.add(1.0, [9], "x")
    trace.add(2.0, [], "")
    output = trace.output()
    assert (output.output_tokens, output.e2e_s) == (1, 1.0)
