"""A message template from the messages a run of probes raised (or warned) with.

Each message has the probe value's text (its last standalone occurrence) replaced by
``{keyword}``; when the results differ, the template is the longest literal fragment common to
all of them (or, when that is too short to mean anything, the message at the value the caller
prefers -- a region's boundary, where the rule's positive example sits -- else the most
frequent one). The replay gate matches each placeholder against any text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

MIN_FRAGMENT = 12
"""A common fragment shorter than this says nothing (unrelated errors share ``sion``): the
template is then the most frequent message instead."""


def message_template(
    keyword: str, values: Sequence[Any], messages: Sequence[str], prefer: int | None = None
) -> str:
    """The template for ``messages``, the i-th raised (or warned) by probe value ``values[i]``;
    ``prefer``: the index of the message to fall back on when they share no fragment."""
    pairs = zip(messages, values, strict=True)
    texts = sorted({with_placeholder(message, value, keyword) for message, value in pairs})
    if len(texts) == 1:
        return texts[0]
    common = longest_common_fragment(texts).strip()
    if len(common) >= MIN_FRAGMENT:
        return common
    if prefer is not None:
        return with_placeholder(messages[prefer], values[prefer], keyword)
    counts = Counter(with_placeholder(m, v, keyword) for m, v in zip(messages, values, strict=True))
    return min(counts, key=lambda text: (-counts[text], text))


def with_placeholder(message: str, value: Any, keyword: str) -> str:
    """``message`` with the last standalone occurrence of the value's text as ``{keyword}``."""
    for text in sorted({repr(value), str(value)}, key=lambda item: (-len(item), item)):
        pattern = rf"(?<![\w.\-]){re.escape(text)}(?!\w|\.\d)"
        matches = list(re.finditer(pattern, message))
        if matches:
            found = matches[-1]
            return f"{message[: found.start()]}{{{keyword}}}{message[found.end() :]}"
    return message


def longest_common_fragment(texts: Sequence[str]) -> str:
    """The longest substring of the shortest text found in every text (the first one on ties).

    A common fragment's substrings are common too, so the length is found by bisection."""
    shortest = min(texts, key=lambda text: (len(text), text))
    low, high = 0, len(shortest)
    while low < high:
        middle = (low + high + 1) // 2
        if _common_of_length(shortest, texts, middle) is None:
            high = middle - 1
        else:
            low = middle
    return _common_of_length(shortest, texts, low) or ""


def _common_of_length(shortest: str, texts: Sequence[str], length: int) -> str | None:
    for start in range(len(shortest) - length + 1):
        fragment = shortest[start : start + length]
        if all(fragment in text for text in texts):
            return fragment
    return None
