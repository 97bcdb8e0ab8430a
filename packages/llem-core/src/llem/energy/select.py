"""Choose the energy sampler for an experiment from ``measurement.energy.sampler``.

``target.options`` holds every sampler's options by name (``measurement.energy.options``); each
candidate is probed with only its own.

``none`` disables energy measurement; ``auto`` probes every registered sampler that declares an
``auto_priority``, highest first, and takes the first that can measure the target; a name picks
that sampler. When nothing can measure, the experiment still runs and its energy is ``null`` with
:attr:`SamplerChoice.reason`.
"""

from __future__ import annotations

import difflib
from typing import Any

import attrs

from llem.energy.base import EnergySampler, MeasurementTarget
from llem.errors import UsageError
from llem.plugins.registry import Registry
from llem.records import EnergySamplerSpec, import_string


@attrs.frozen
class SamplerChoice:
    """The sampler to use (``None``: energy is not measured), its name, and why."""

    sampler: EnergySampler | None
    name: str
    reason: str


def select_sampler(choice: str, registry: Registry, target: MeasurementTarget) -> SamplerChoice:
    """Resolve ``choice`` (``auto``, ``none`` or a registered name) to a probed sampler."""
    if choice == "none":
        return SamplerChoice(
            None, "none", "energy measurement disabled (measurement.energy.sampler: none)"
        )
    if choice == "auto":
        return _select_auto(registry, target)
    if choice not in registry.energy_samplers:
        raise UsageError(_unknown_sampler_message(choice, registry))
    sampler, problem = _build_and_probe(registry.sampler(choice), target)
    if sampler is None:
        return SamplerChoice(None, choice, f"{choice} cannot measure here: {problem}")
    return SamplerChoice(sampler, choice, f"{choice}: chosen by name")


def require_named_sampler(choice: str, registry: Registry, options: dict[str, Any]) -> None:
    """Before a model loads: a sampler asked for by name that can measure neither the CPU nor a
    GPU here (RAPL absent, its library not installed, no NVIDIA driver) is a usage error, not a
    run that ends with energy ``null``. ``auto`` and ``none`` are never refused."""
    if choice in ("auto", "none"):
        return
    if choice not in registry.energy_samplers:
        raise UsageError(_unknown_sampler_message(choice, registry))
    spec = registry.sampler(choice)
    problems: dict[str | None, list[str]] = {}
    for kind, indices in (("cpu", ()), ("cuda", (0,))):
        target = MeasurementTarget(kind, indices, None, options)
        sampler, problem = _build_and_probe(spec, target)
        if sampler is not None:
            return
        problems.setdefault(problem, []).append(kind)
    why = "; ".join(f"{' and '.join(kinds)}: {problem}" for problem, kinds in problems.items())
    raise UsageError(
        f"measurement.energy.sampler: {choice} cannot measure here ({why}); use auto to"
        " measure with what there is, or none"
    )


def _select_auto(registry: Registry, target: MeasurementTarget) -> SamplerChoice:
    problems: list[str] = []
    for spec in auto_candidates(registry, target.device_kind):
        sampler, problem = _build_and_probe(spec, target)
        if sampler is not None:
            skipped = "".join(f"; {text}" for text in problems)
            return SamplerChoice(sampler, spec.name, f"auto: chose {spec.name}{skipped}")
        problems.append(f"{spec.name} unavailable ({problem})")
    if not problems:
        return SamplerChoice(None, "none", "auto: no energy sampler is registered for auto")
    return SamplerChoice(None, "none", "auto: " + "; ".join(problems))


def auto_candidates(registry: Registry, device_kind: str | None = None) -> list[EnergySamplerSpec]:
    """Samplers ``auto`` may use (for experiments on ``device_kind``, when given), highest
    ``auto_priority`` first (ties: by name)."""
    specs = [entry.spec for entry in registry.energy_samplers.values()]
    eligible = [
        spec
        for spec in specs
        if spec.auto_priority is not None
        and (device_kind is None or spec.auto_devices is None or device_kind in spec.auto_devices)
    ]
    return sorted(eligible, key=lambda spec: (-(spec.auto_priority or 0), spec.name))


def _build_and_probe(
    spec: EnergySamplerSpec, target: MeasurementTarget
) -> tuple[EnergySampler | None, str | None]:
    """The sampler if it can measure ``target``, else ``None`` and why not. The sampler sees only
    its own options (``target.options[spec.name]``)."""
    own = attrs.evolve(target, options=dict(target.options.get(spec.name) or {}))
    try:
        sampler: EnergySampler = import_string(spec.factory)()
        availability = sampler.probe(own)
    except Exception as error:  # a broken plugin must not stop the experiment
        return None, f"failed to load {spec.factory}: {type(error).__name__}: {error}"
    if not availability.ok:
        return None, availability.reason or "probe said no, without a reason"
    return sampler, None


def probe_sampler(spec: EnergySamplerSpec, target: MeasurementTarget) -> str:
    """``"ok"`` or ``"no: <reason>"``: whether the sampler could measure ``target`` here."""
    sampler, problem = _build_and_probe(spec, target)
    return "ok" if sampler is not None else f"no: {problem}"


def _unknown_sampler_message(choice: str, registry: Registry) -> str:
    names = sorted(registry.energy_samplers)
    message = f"unknown energy sampler {choice!r} (measurement.energy.sampler)"
    close = difflib.get_close_matches(choice, [*names, "auto", "none"], n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message + f" Known: auto, none, {', '.join(names) or '(none registered)'}."
