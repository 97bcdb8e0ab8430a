# mypy: ignore-errors
# ruff: noqa
"""Logits processors checking their arguments in ``__init__`` (read by the static miner)."""

from __future__ import annotations


class TemperatureWarper:
    def __init__(self, temperature: float):
        if not isinstance(temperature, float) or not (temperature > 0):
            except_msg = (
                f"`temperature` (={temperature}) has to be a strictly positive float, otherwise your next token "
                "scores will be invalid."
            )
            if isinstance(temperature, float) and temperature == 0.0:
                except_msg += (
                    " If you're looking for greedy decoding strategies, set `do_sample=False`."
                )
            raise ValueError(except_msg)  # L:temperature

        self.temperature = temperature


class TopPWarper:
    def __init__(self, top_p: float, min_tokens_to_keep: int = 1):
        top_p = float(top_p)
        if top_p < 0 or top_p > 1.0:
            raise ValueError(f"`top_p` has to be a float > 0 and < 1, but is {top_p}")  # L:top_p
        self.top_p = top_p


class PenaltyProcessor:
    def __init__(self, penalty: float):
        if penalty <= 0:
            raise ValueError(  # L:penalty
                "`penalty` has to be strictly positive, but is {}".format(penalty)
            )
        self.penalty = penalty


def build_processors(config, extra=None):  # type: ignore[no-untyped-def]
    processors = []
    if config.top_p is not None and config.top_p < 1.0:
        processors.append(TopPWarper(config.top_p))  # L:effect_top_p
    if config.do_sample:
        if config.temperature is not None and config.temperature != 1.0:
            processors.append(TemperatureWarper(config.temperature))  # L:effect_temperature
    if config.eps is not None and 0.0 < config.eps < 1.0:
        processors.append(config.eps)  # L:effect_eps
    if config.min_p is not None:
        processors.append(config.min_p)  # L:effect_presence
    if config.bias is not None and config._private is not None and config.alpha > 0:
        processors.append(config.bias)  # L:effect_alpha
    if extra(config):
        processors.append(extra)  # L:effect_opaque
    return processors
