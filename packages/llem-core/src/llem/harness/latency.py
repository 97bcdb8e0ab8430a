"""Per-request latency metrics of one measured window: TTFT, ITL, TPOT and end-to-end.

Definitions (all in seconds, from the engine's :class:`~llem.engine_api.RequestOutput`):

* TTFT: submission to first output token, per request that reported it.
* ITL: every gap between consecutive output tokens, pooled across requests (the first token is
  excluded: its latency is TTFT). Long requests weigh more, as they do for a user reading tokens.
* TPOT: per request with at least 2 output tokens and a TTFT,
  ``(e2e - ttft) / (output_tokens - 1)``: the mean gap of that request; percentiles across requests.
* E2E: submission to last token, per request.
"""

from __future__ import annotations

from collections.abc import Sequence

from llem.engine_api import RequestOutput
from llem.harness.stats import latency_stats
from llem.results.metric_records import LatencySummary

NO_TTFT = "the engine reported no time to first token (it does not stream tokens?)"


def summarise_latency(outputs: Sequence[RequestOutput]) -> LatencySummary:
    return LatencySummary(
        ttft=latency_stats(ttft_values(outputs), empty_reason=_why_empty(outputs, NO_TTFT)),
        itl=latency_stats(
            pooled_itl(outputs),
            empty_reason=_why_empty(outputs, "no request produced 2 or more tokens with timings"),
        ),
        tpot=latency_stats(
            tpot_values(outputs),
            empty_reason=_why_empty(outputs, "no request produced 2 or more tokens with a TTFT"),
        ),
        e2e=latency_stats([output.e2e_s for output in outputs], empty_reason="no requests"),
    )


def ttft_values(outputs: Sequence[RequestOutput]) -> list[float]:
    return [output.ttft_s for output in outputs if output.ttft_s is not None]


def pooled_itl(outputs: Sequence[RequestOutput]) -> list[float]:
    return [gap for output in outputs for gap in output.itl_s]


def tpot_values(outputs: Sequence[RequestOutput]) -> list[float]:
    return [
        (output.e2e_s - output.ttft_s) / (output.output_tokens - 1)
        for output in outputs
        if output.ttft_s is not None and output.output_tokens >= 2
    ]


def _why_empty(outputs: Sequence[RequestOutput], reason: str) -> str:
    return "no requests" if not outputs else reason
