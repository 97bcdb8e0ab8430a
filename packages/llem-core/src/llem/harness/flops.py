"""Forward-pass FLOPs of the measured inference, estimated from the architecture and token counts.

Notation: ``N`` = non-embedding parameters, ``L`` = layers, ``d = n_attention_heads * head_dim``
(the query width; with grouped-query attention FLOPs follow the query heads), a request with
``n`` input tokens and ``m`` output tokens. One multiply-add counts as 2 FLOPs.

* Dense term: ``2 * N`` per token passed through the model.
* Attention term for a token attending to ``c`` keys (itself included, causal):
  ``4 * L * c * d`` = ``2*c*d`` for the logits ``QK^T`` + ``2*c*d`` for the attention-weighted
  values, per layer (Hoffmann et al. 2022, "Chinchilla", appendix F, applied causally with a KV
  cache rather than to the full ``seq_len^2``).
* Prefill: one forward pass over the ``n`` prompt tokens; it yields the first output token.
  ``2*N*n + 4*L*d * sum_{c=1..n} c`` = ``2*N*n + 2*L*d*n*(n+1)``.
* Decode: each output token after the first needs one forward pass over the previous output token;
  pass ``j`` (``j = 1..m-1``) attends to ``c = n + j`` keys. With ``s = m - 1``:
  ``2*N*s + 4*L*d * (s*n + s*(s+1)/2)``. The last output token is never fed back.

Excluded: the embedding lookup and the unembedding (LM head, ``2*d_model*vocab`` per token whose
logits are computed), softmax, normalisation and activation FLOPs, and work on padding tokens
(which batched engines do perform): this counts the useful work of the requests, so the same
workload gets the same FLOPs on every engine. Not modelled: sliding-window attention (it caps
``c``), mixture-of-experts (``N`` should then be the active parameters), speculative decoding.
(``6*N*T`` is the training rule, forward + backward; it does not apply here.)
"""

from __future__ import annotations

from collections.abc import Sequence

from llem.engine_api import ModelInfo, RequestOutput
from llem.results.metric_records import FlopsEstimate

METHOD = (
    "forward-only: 2*N_nonembed per token processed + causal attention 4*L*c*d_attn per token at "
    "context c (Chinchilla app. F); prefill over input tokens, one decode pass per output token "
    "after the first; excludes embeddings/unembedding, softmax/norms and padding"
)


def estimate_flops(model: ModelInfo, outputs: Sequence[RequestOutput]) -> FlopsEstimate:
    prefill = sum(prefill_flops(model, output.input_tokens) for output in outputs)
    decode = sum(
        decode_flops(model, output.input_tokens, output.output_tokens) for output in outputs
    )
    total = prefill + decode
    output_tokens = sum(output.output_tokens for output in outputs)
    if output_tokens == 0:
        return FlopsEstimate(METHOD, prefill, decode, total, None, reason="no output tokens")
    return FlopsEstimate(METHOD, prefill, decode, total, total / output_tokens)


def prefill_flops(model: ModelInfo, input_tokens: int) -> int:
    n = input_tokens
    return 2 * model.non_embedding_params * n + 2 * _attention_width(model) * n * (n + 1)


def decode_flops(model: ModelInfo, input_tokens: int, output_tokens: int) -> int:
    steps = max(output_tokens - 1, 0)
    keys_attended = steps * input_tokens + steps * (steps + 1) // 2
    return 2 * model.non_embedding_params * steps + 4 * _attention_width(model) * keys_attended


def _attention_width(model: ModelInfo) -> int:
    """``L * d_attn``: the attention term per key attended is ``4`` times this."""
    return model.n_layers * model.n_attention_heads * model.head_dim
