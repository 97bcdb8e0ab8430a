"""Per-request token timestamps, and the request outputs they give (pure logic: an engine's runner
feeds it plain values as its engine hands back tokens)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import attrs

from llem.engine_api import RequestOutput


@attrs.define
class RequestTrace:
    """One request as the runner sees it: submitted at ``submitted_at``; each output token stamped
    when the engine output that carried it arrived (a vLLM step, a TensorRT-LLM streamed
    response), so several tokens of one output share a stamp."""

    index: int
    submitted_at: float
    input_tokens: int
    token_times: list[float] = attrs.field(factory=list)
    token_ids: list[int] = attrs.field(factory=list)
    text: str = ""

    def add(self, now: float, new_token_ids: Sequence[int], new_text: str) -> None:
        """Record one engine output's new token ids and text, stamped ``now``."""
        self.token_ids.extend(new_token_ids)
        self.token_times.extend(now for _ in new_token_ids)
        self.text += new_text

    def output(self) -> RequestOutput:
        """TTFT from submission to the first token, ITL the gaps between consecutive tokens,
        e2e from submission to the last token (the same definitions as every engine)."""
        times = self.token_times
        if not times:
            return RequestOutput(self.index, self.input_tokens, 0, None, (), 0.0, self.text)
        return RequestOutput(
            index=self.index,
            input_tokens=self.input_tokens,
            output_tokens=len(self.token_ids),
            ttft_s=times[0] - self.submitted_at,
            itl_s=tuple(later - earlier for earlier, later in pairwise(times)),
            e2e_s=times[-1] - self.submitted_at,
            text=self.text,
        )
