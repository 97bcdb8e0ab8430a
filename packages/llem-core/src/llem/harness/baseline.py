"""Idle power of the measured boundary: what the devices draw doing nothing.

Measured with the experiment's own sampler over an idle window, after the model has loaded and
before warmup (the device the engine chose is only known then; the figure includes what keeping
the loaded deployment up costs at idle). Strategies (``measurement.baseline.strategy``):

* ``fresh``: measured in every experiment;
* ``cached``: reused from :class:`BaselineCache` while younger than ``cache_ttl_s``;
* ``validated``: cached, and every ``validate_every`` reuses a ``spot_check_s`` measurement is
  compared with it; a relative difference above ``drift_threshold`` re-measures it in full;
* ``off``: none, so baseline-adjusted energy is ``null``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

import attrs

from llem.config.models import BaselineConfig
from llem.energy.base import EnergySampler
from llem.harness.baseline_cache import BaselineCache, CachedBaseline
from llem.results.models import Baseline, DomainPower

Sleep = Callable[[float], None]
Now = Callable[[], float]


@attrs.frozen
class BaselineContext:
    """What a baseline is established with: the sampler (``None`` with ``no_sampler_reason``),
    the cache key naming host, sampler and devices, the cache, and injectable time."""

    sampler: EnergySampler | None
    key: str
    cache: BaselineCache
    no_sampler_reason: str = "no energy sampler"
    sleep: Sleep = time.sleep
    now: Now = time.time


def establish_baseline(config: BaselineConfig, context: BaselineContext) -> Baseline:
    """The idle power to subtract, or a :class:`Baseline` with ``power_w=None`` and the reason."""
    if config.strategy == "off":
        return _none(config, "disabled (measurement.baseline.strategy: off)")
    if context.sampler is None:
        return _none(config, f"no energy sampler: {context.no_sampler_reason}")
    if config.strategy == "fresh":
        return _measure_fresh(config, context, context.sampler)
    return _from_cache(config, context, context.sampler)


def _none(config: BaselineConfig, reason: str) -> Baseline:
    return Baseline(config.strategy, "none", None, reason=reason)


def measure_idle(
    sampler: EnergySampler, duration_s: float, sleep: Sleep
) -> tuple[float, tuple[DomainPower, ...], float] | str:
    """(total W, W per domain, seconds) of an idle window, or why it could not be measured."""
    sampler.start()
    sleep(duration_s)
    measurement = sampler.stop()
    if measurement.total_j is None:
        return f"the idle window could not be measured: {measurement.reason}"
    seconds = measurement.window_s or duration_s
    domains = tuple(
        DomainPower(d.device, d.domain, None if d.joules is None else d.joules / seconds)
        for d in measurement.domains
    )
    return measurement.total_j / seconds, domains, seconds


def _measure_fresh(
    config: BaselineConfig, context: BaselineContext, sampler: EnergySampler, source: str = "fresh"
) -> Baseline:
    reading = measure_idle(sampler, config.duration_s, context.sleep)
    if isinstance(reading, str):
        return _none(config, reading)
    power_w, domains, seconds = reading
    measured_at = datetime.fromtimestamp(context.now(), UTC).isoformat(timespec="seconds")
    cached = CachedBaseline(power_w, domains, seconds, measured_at, context.now())
    if config.strategy != "fresh":
        context.cache.put(context.key, cached)
    return _as_baseline(config, source, cached, context.now())


def _as_baseline(
    config: BaselineConfig,
    source: str,
    cached: CachedBaseline,
    now: float,
    spot_check_w: float | None = None,
) -> Baseline:
    return Baseline(
        strategy=config.strategy, source=source, power_w=cached.power_w, domains=cached.domains,
        duration_s=cached.duration_s, measured_at=cached.measured_at,
        age_s=max(0.0, now - cached.measured_at_epoch), spot_check_w=spot_check_w,
    )  # fmt: skip


def _from_cache(
    config: BaselineConfig, context: BaselineContext, sampler: EnergySampler
) -> Baseline:
    cached = context.cache.get(context.key)
    if cached is None or context.now() - cached.measured_at_epoch > config.cache_ttl_s:
        return _measure_fresh(config, context, sampler)
    uses = cached.uses_since_check + 1
    if config.strategy == "validated" and uses >= config.validate_every:
        return _spot_check(config, context, sampler, cached)
    context.cache.put(context.key, attrs.evolve(cached, uses_since_check=uses))
    return _as_baseline(config, "cache", cached, context.now())


def _spot_check(
    config: BaselineConfig, context: BaselineContext, sampler: EnergySampler, cached: CachedBaseline
) -> Baseline:
    reading = measure_idle(sampler, config.spot_check_s, context.sleep)
    if isinstance(reading, str):
        return attrs.evolve(
            _as_baseline(config, "cache", cached, context.now()),
            reason=f"spot check failed, cached baseline kept: {reading}",
        )
    spot_w = reading[0]
    if abs(spot_w - cached.power_w) > config.drift_threshold * cached.power_w:
        fresh = _measure_fresh(config, context, sampler, source="re-measured after drift")
        return attrs.evolve(fresh, spot_check_w=spot_w)
    context.cache.put(context.key, attrs.evolve(cached, uses_since_check=0))
    return _as_baseline(config, "cache, spot-checked", cached, context.now(), spot_w)
