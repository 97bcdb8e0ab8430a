"""FLOPs estimate against a hand-worked example and a token-by-token recount."""

from __future__ import annotations

import pytest

from llem.engine_api import ModelInfo, RequestOutput
from llem.harness.flops import METHOD, estimate_flops

# N = 1000 non-embedding parameters, L = 2 layers, d_attn = 2 heads * 4 = 8, so L * d = 16.
TINY = ModelInfo(
    name="tiny", total_params=1500, non_embedding_params=1000, n_layers=2, n_attention_heads=2,
    head_dim=4, hidden_size=8, vocab_size=60, dtype="float32", device="cpu",
)  # fmt: skip


def output(input_tokens: int, output_tokens: int) -> RequestOutput:
    return RequestOutput(
        index=0, input_tokens=input_tokens, output_tokens=output_tokens, ttft_s=0.1,
        itl_s=(0.01,) * max(output_tokens - 1, 0), e2e_s=1.0,
    )  # fmt: skip


def test_hand_worked_example():
    # Request of 3 input tokens and 3 output tokens.
    # Prefill: dense 2*1000*3 = 6000; attention 4*16*(1+2+3) = 384          -> 6384
    # Decode: 2 passes (outputs 1 and 2 fed back) at c = 4 and c = 5:
    #         dense 2*1000*2 = 4000; attention 4*16*(4+5) = 576             -> 4576
    estimate = estimate_flops(TINY, [output(3, 3)])
    assert (estimate.prefill, estimate.decode, estimate.total) == (6384, 4576, 10960)
    assert estimate.per_output_token == pytest.approx(10960 / 3)
    assert estimate.method == METHOD


def test_single_output_token_needs_no_decode_pass():
    estimate = estimate_flops(TINY, [output(1, 1)])
    assert (estimate.prefill, estimate.decode) == (2 * 1000 + 4 * 16 * 1, 0)


def recount(model: ModelInfo, n: int, m: int) -> int:
    """Token by token: every forward-passed token costs 2N + 4*L*d*(keys it attends to)."""
    width = model.n_layers * model.n_attention_heads * model.head_dim
    processed_contexts = list(range(1, n + 1)) + [n + j for j in range(1, m)]
    return sum(2 * model.non_embedding_params + 4 * width * c for c in processed_contexts)


@pytest.mark.parametrize(("n", "m"), [(1, 1), (5, 1), (7, 2), (128, 64), (3, 500)])
def test_closed_form_matches_token_by_token_recount(n, m):
    assert estimate_flops(TINY, [output(n, m)]).total == recount(TINY, n, m)


def test_requests_add_up():
    one, other = estimate_flops(TINY, [output(3, 3)]), estimate_flops(TINY, [output(10, 4)])
    both = estimate_flops(TINY, [output(3, 3), output(10, 4)])
    assert both.total == one.total + other.total
    assert both.per_output_token == pytest.approx(both.total / 7)


def test_no_output_tokens_gives_no_per_token_figure():
    estimate = estimate_flops(TINY, [output(4, 0)])
    assert estimate.decode == 0
    assert estimate.prefill > 0
    assert estimate.per_output_token is None
    assert estimate.reason == "no output tokens"
