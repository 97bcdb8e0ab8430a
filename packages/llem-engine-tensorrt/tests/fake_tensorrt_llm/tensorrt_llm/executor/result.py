"""The streamed result objects of ``LLM.generate_async`` (tensorrt_llm/executor/result.py):
``CompletionOutput`` accumulates ``token_ids`` and ``text`` and exposes what arrived since the
previous response as ``token_ids_diff`` / ``text_diff``; the request's ``RequestOutput`` is an
async iterator that yields itself once per streamed response."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class CompletionOutput:
    index: int
    text: str = ""
    token_ids: list[int] = field(default_factory=list)
    finish_reason: str | None = None
    _last_text_len: int = field(default=0, init=False, repr=False)
    _last_token_ids_len: int = field(default=0, init=False, repr=False)

    @property
    def length(self) -> int:
        return len(self.token_ids)

    @property
    def text_diff(self) -> str:
        return self.text[self._last_text_len :]

    @property
    def token_ids_diff(self) -> list[int]:
        return self.token_ids[self._last_token_ids_len :]

    def extend(self, token_ids: list[int], text: str) -> None:
        """One step: what was new becomes old, then the step's tokens arrive."""
        self._last_token_ids_len = len(self.token_ids)
        self._last_text_len = len(self.text)
        self.token_ids.extend(token_ids)
        self.text += text


class RequestOutput:
    """One request; ``steps`` are the token ids of each streamed response, in order."""

    def __init__(
        self,
        request_id: int,
        prompt_token_ids: list[int],
        steps: list[list[int]],
        decode: Callable[[list[int]], str],
        streaming: bool,
        step_delay_s: float,
    ) -> None:
        self.request_id = request_id
        self.prompt_token_ids = prompt_token_ids
        self.outputs = [CompletionOutput(index=0)]
        self.finished = False
        self._steps = steps if streaming else [[token for step in steps for token in step]]
        self._decode = decode
        self._delay_s = step_delay_s

    def __aiter__(self) -> RequestOutput:
        return self

    async def __anext__(self) -> RequestOutput:
        if not self._steps:
            raise StopAsyncIteration
        await asyncio.sleep(self._delay_s)
        tokens = self._steps.pop(0)
        self.outputs[0].extend(tokens, self._decode(tokens))
        if not self._steps:
            self.finished = True
            self.outputs[0].finish_reason = "length"
        return self
