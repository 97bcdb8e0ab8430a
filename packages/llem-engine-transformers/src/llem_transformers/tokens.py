"""Token counting from generated ids (no torch: the runner passes plain lists)."""

from __future__ import annotations

from collections.abc import Collection, Sequence


def as_token_ids(value: int | Sequence[int] | None) -> tuple[int, ...]:
    """Normalise an ``eos_token_id`` setting (one id, several, or none) to a tuple."""
    if value is None:
        return ()
    if isinstance(value, int):
        return (value,)
    return tuple(value)


def count_output_tokens(
    generated: Sequence[int], stop_ids: Collection[int], *, fixed_length: bool
) -> int:
    """Tokens a request produced: up to and including its first stop token.

    In a batch, a request that stopped early is padded to the batch's length, so everything after
    its first stop token is padding. With ``fixed_length`` stop tokens were suppressed and every
    generated token counts.
    """
    if fixed_length:
        return len(generated)
    for position, token_id in enumerate(generated):
        if token_id in stop_ids:
            return position + 1
    return len(generated)
