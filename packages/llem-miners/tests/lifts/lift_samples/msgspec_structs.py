"""A synthetic msgspec Struct (as vLLM's SamplingParams is)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec


class Params(msgspec.Struct):
    """Meta bounds and a Literal, which only msgspec.convert checks."""

    n: Annotated[int, msgspec.Meta(ge=1)] = 1
    kind: Literal["x", "y"] = "x"
    top: Annotated[float, msgspec.Meta(gt=0.0, le=1.0)] | None = None
