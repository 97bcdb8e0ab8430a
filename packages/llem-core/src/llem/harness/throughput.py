"""Token and request throughput over the energy window."""

from __future__ import annotations

from collections.abc import Sequence

from llem.engine_api import RequestOutput
from llem.results.metric_records import Throughput


def throughput(outputs: Sequence[RequestOutput], window_s: float | None) -> Throughput:
    input_tokens = sum(output.input_tokens for output in outputs)
    output_tokens = sum(output.output_tokens for output in outputs)
    counts = (len(outputs), input_tokens, output_tokens, window_s)
    if window_s is None or window_s <= 0:
        reason = "the measured window has no duration" if window_s is not None else "no window"
        return Throughput(*counts, None, None, None, reason=f"{reason} (window_s={window_s})")
    return Throughput(
        *counts,
        output_tokens_per_s=output_tokens / window_s,
        total_tokens_per_s=(input_tokens + output_tokens) / window_s,
        requests_per_s=len(outputs) / window_s,
    )
