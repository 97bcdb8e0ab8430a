"""The deterministic order of a miner's results: by file, line and text, duplicates dropped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from llem_miners.candidate import Candidate, MineResult, Unmined


def ordered(result: MineResult) -> MineResult:
    """``result`` sorted by (file, line, text), duplicates dropped: equal for equal input."""
    return MineResult(
        candidates=tuple(_unique(sorted(result.candidates, key=_candidate_key), _candidate_key)),
        unmined=tuple(_unique(sorted(result.unmined, key=_unmined_key), _unmined_key)),
        tested=result.tested,
    )


def _candidate_key(candidate: Candidate) -> tuple[str, int, str, str, str]:
    where = candidate.where
    return (
        where.file,
        where.line or 0,
        candidate.fingerprint(),
        candidate.expected_outcome,
        candidate.message_template,
    )


def _unmined_key(unmined: Unmined) -> tuple[str, int, str, str, str]:
    where = unmined.where
    return (where.file, where.line or 0, where.method, unmined.construct, unmined.reason)


def _unique(items: Sequence[Any], key: Callable[[Any], Any]) -> Iterator[Any]:
    seen: set[Any] = set()
    for item in items:
        if key(item) not in seen:
            seen.add(key(item))
            yield item
