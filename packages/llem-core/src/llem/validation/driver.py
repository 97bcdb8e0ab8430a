"""Run the same experiment several times in this process with the ``nvml+reference`` sampler and
collect, per run, llem's energy, the reference's, the integrated timeline and energy per token."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from llem.config.resolve import ConfigSources, resolve_experiment
from llem.harness.measure import run_experiment
from llem.launch import Launch, prepare
from llem.logs import LogSettings
from llem.plugins.host import PluginHost, build_host
from llem.validation.reference import read_pairs


@attrs.frozen
class Settings:
    """The experiment repeated: ``engine`` with its ``engine_section``, on ``model``."""

    model: str
    out_dir: Path
    repeats: int = 5
    n_prompts: int = 256
    max_output_tokens: int = 64
    engine: str = "transformers"
    engine_section: dict[str, Any] = attrs.field(
        factory=lambda: {"batch_size": 16, "device": "cuda", "dtype": "bfloat16"}
    )
    sampler: str = "nvml+reference"
    reference: str = "auto"
    baseline_s: float = 10.0


@attrs.frozen
class RunFigures:
    llem_j: float | None
    reference_j: float
    reference: str
    timeline_j: float | None
    window_s: float
    output_tokens: int
    j_per_output_token: float | None
    warnings: tuple[str, ...]


def validation_host(plugins: Sequence[tuple[str, object]] = ()) -> PluginHost:
    """Installed plugins plus the validation sampler (and the transformers engine when it is
    importable but not installed as a distribution, e.g. from a source tree on PYTHONPATH)."""
    import llem.validation.plugin

    extra: list[tuple[str, object]] = [("llem-validation", llem.validation.plugin), *plugins]
    host = build_host(plugins=extra)
    if "transformers" in host.registry.engines:
        return host
    try:
        import llem_transformers.plugin
    except ImportError:
        return host
    return build_host(plugins=[*extra, ("transformers", llem_transformers.plugin)])


def experiment_document(settings: Settings, run: int, log: Path) -> dict[str, Any]:
    return {
        "name": f"gpu-validate-{run + 1}",
        "task": {"model": settings.model, "n_prompts": settings.n_prompts,
                 "max_output_tokens": settings.max_output_tokens, "fixed_output_length": True},
        "engine": settings.engine,
        settings.engine: settings.engine_section,
        "measurement": {
            "energy": {"sampler": settings.sampler,
                       "options": {settings.sampler: {"log": str(log),
                                                      "reference": settings.reference}}},
            "baseline": {"strategy": "cached", "duration_s": settings.baseline_s,
                         "cache_dir": str(settings.out_dir / "cache")},
            "warmup": {"prompts": 2 * int(settings.engine_section.get("batch_size", 1))},
        },
        "output_dir": str(settings.out_dir / "runs"),
    }  # fmt: skip


def run_once(settings: Settings, host: PluginHost, run: int) -> RunFigures:
    log = settings.out_dir / f"run-{run + 1}.windows.jsonl"
    config_file = settings.out_dir / f"run-{run + 1}.json"
    config_file.write_text(json.dumps(experiment_document(settings, run, log)))
    resolved = resolve_experiment(ConfigSources(file=config_file), host.registry)
    job = prepare(Launch(resolved, config_file, LogSettings()), host.registry)
    result = json.loads(run_experiment(job, host.registry, lambda _event: None).read_text())
    return figures(result, read_pairs(log)[-1])


def figures(result: dict[str, Any], pair: Any) -> RunFigures:
    energy = result["energy"]
    return RunFigures(
        llem_j=energy["raw_j"], reference_j=pair.reference_j, reference=pair.reference,
        timeline_j=energy["measurement"]["timeline_j"], window_s=result["timing"]["window_s"],
        output_tokens=result["workload"]["output_tokens"],
        j_per_output_token=energy["per_output_token_j"], warnings=tuple(result["warnings"]),
    )  # fmt: skip


def run_validation(
    settings: Settings, plugins: Sequence[tuple[str, object]] = ()
) -> list[RunFigures]:
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    host = validation_host(plugins)
    return [run_once(settings, host, run) for run in range(settings.repeats)]
