"""Warmup: run prompts through the engine before the window opens, until it is warm.

``fixed`` runs a set number of prompts. ``converge`` runs batches until the coefficient of
variation (sample standard deviation / mean) of the last ``cv_window`` batch latencies falls below
``cv_threshold``: caches filled, kernels compiled and clocks settled show as stable latencies.
Both run in batches of the engine's ``batch_size`` so the warmed-up code path is the measured one.
Nothing here is inside the measured window.
"""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable, Iterator, Sequence

from llem.config.models import WarmupConfig
from llem.engine_api import EngineRunner, Prompt
from llem.results.models import WarmupOutcome

Clock = Callable[[], float]


def coefficient_of_variation(values: Sequence[float]) -> float | None:
    """Sample standard deviation over mean; ``None`` for fewer than 2 values or a zero mean."""
    if len(values) < 2:
        return None
    mean = statistics.fmean(values)
    return statistics.stdev(values) / mean if mean > 0 else None


def warmup_prompt_budget(config: WarmupConfig) -> int:
    """How many distinct prompts warmup may need."""
    return config.prompts if config.mode == "fixed" else config.max_prompts


def warm_up(
    runner: EngineRunner,
    prompts: Sequence[Prompt],
    config: WarmupConfig,
    batch_size: int,
    clock: Clock = time.perf_counter,
) -> WarmupOutcome:
    """Warm ``runner`` up with ``prompts`` (reused in turn when warmup needs more) and say how."""
    started = clock()
    if not prompts:
        return WarmupOutcome(config.mode, 0, 0, 0.0, reason="no prompts to warm up with")
    if config.mode == "fixed":
        latencies = _run_fixed(runner, prompts, config.prompts, batch_size, clock)
        return WarmupOutcome("fixed", config.prompts, len(latencies), clock() - started, latencies)
    return _run_until_converged(runner, prompts, config, batch_size, clock, started)


def _run_fixed(
    runner: EngineRunner, prompts: Sequence[Prompt], count: int, batch_size: int, clock: Clock
) -> tuple[float, ...]:
    chosen = list(itertools.islice(itertools.cycle(prompts), count))
    size = max(batch_size, 1)
    return tuple(
        _timed_batch(runner, chosen[start : start + size], clock)
        for start in range(0, len(chosen), size)
    )


def _run_until_converged(
    runner: EngineRunner,
    prompts: Sequence[Prompt],
    config: WarmupConfig,
    batch_size: int,
    clock: Clock,
    started: float,
) -> WarmupOutcome:
    latencies: list[float] = []
    run, cv = 0, None
    for full_batch in _batches(prompts, batch_size):
        batch = full_batch[: config.max_prompts - run]
        latencies.append(_timed_batch(runner, batch, clock))
        run += len(batch)
        cv = coefficient_of_variation(latencies[-config.cv_window :])
        if _converged(config, run, len(latencies), cv) or run >= config.max_prompts:
            break
    converged = _converged(config, run, len(latencies), cv)
    reason = None if converged else _not_converged(config, run, cv)
    return WarmupOutcome(
        "converge", run, len(latencies), clock() - started, tuple(latencies), cv, converged, reason
    )


def _converged(config: WarmupConfig, run: int, batches: int, cv: float | None) -> bool:
    enough = run >= config.min_prompts and batches >= config.cv_window
    return enough and cv is not None and cv < config.cv_threshold


def _not_converged(config: WarmupConfig, run: int, cv: float | None) -> str:
    shown = "unknown" if cv is None else f"{cv:.3f}"
    return (
        f"warmup did not converge: latency CV {shown} over the last {config.cv_window} batches "
        f"is not below {config.cv_threshold} after {run} prompts (max_prompts)"
    )


def _batches(prompts: Sequence[Prompt], batch_size: int) -> Iterator[list[Prompt]]:
    """Endless batches of ``batch_size`` prompts, cycling through ``prompts``."""
    cycle = itertools.cycle(prompts)
    while True:
        yield [next(cycle) for _ in range(max(batch_size, 1))]


def _timed_batch(runner: EngineRunner, batch: list[Prompt], clock: Clock) -> float:
    started = clock()
    runner.generate(batch, lambda _n: None)
    runner.synchronize()
    return clock() - started
