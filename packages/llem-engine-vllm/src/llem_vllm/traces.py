"""A request in vLLM's step loop: the shared per-request trace (:mod:`llem.engine_support.traces`),
and whether a step has reported it finished."""

from __future__ import annotations

import attrs

from llem.engine_support.traces import RequestTrace


@attrs.define
class StepTrace(RequestTrace):
    """Tokens stamped when the step that produced them returned; ``finished`` once a step output
    said so, so that progress counts the request once."""

    finished: bool = False
