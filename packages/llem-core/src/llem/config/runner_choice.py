"""Which runner an experiment uses: its ``runner`` key when set anywhere, else the ``runners``
map's entry for its engine (``LLEM_RUNNER_<ENGINE>`` feeds that map), else ``local``."""

from __future__ import annotations

import attrs

from llem.config.models import ExperimentConfig

RUNNER_ENV_PREFIX = "LLEM_RUNNER_"


def engine_key(name: str) -> str:
    """Engine names as environment variables spell them: ``my-engine`` → ``my_engine``."""
    return name.lower().replace("-", "_")


def choose_runner(
    config: ExperimentConfig, provenance: dict[str, str]
) -> tuple[ExperimentConfig, dict[str, str]]:
    """The config with its effective ``runner``, and the provenance saying where it came from."""
    if provenance.get("runner", "default") != "default":
        return config, provenance
    wanted = engine_key(config.engine)
    for engine, runner in config.runners.items():
        if engine_key(engine) == wanted:
            origin = provenance.get(f"runners.{engine}", "default")
            chosen = {**provenance, "runner": f"runners.{engine} ({origin})"}
            return attrs.evolve(config, runner=runner), chosen
    return config, provenance
