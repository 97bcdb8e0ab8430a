"""Per-request latency from the timestamps of a batch's decoding steps (pure logic)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import attrs


@attrs.frozen
class RequestTiming:
    """Latencies of one request, in seconds (see :class:`llem.engine_api.RequestOutput`)."""

    ttft_s: float
    itl_s: tuple[float, ...]
    e2e_s: float


def request_timing(
    batch_start: float, step_times: Sequence[float], output_tokens: int
) -> RequestTiming:
    """Timing of a request that produced ``output_tokens`` tokens in a batch.

    ``step_times[i]`` is when the batch's ``i``-th token existed; a request's tokens are the
    first ``output_tokens`` steps, so its inter-token latencies are the gaps between them.
    """
    if not 1 <= output_tokens <= len(step_times):
        raise ValueError(
            f"a request produced {output_tokens} tokens but {len(step_times)} steps were timed"
        )
    own_steps = step_times[:output_tokens]
    gaps = tuple(later - earlier for earlier, later in pairwise(own_steps))
    return RequestTiming(
        ttft_s=own_steps[0] - batch_start, itl_s=gaps, e2e_s=own_steps[-1] - batch_start
    )
