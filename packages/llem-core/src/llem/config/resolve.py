"""Resolve an experiment's configuration from all its sources.

Precedence, lowest first (a later source overrides an earlier one):

1. built-in defaults: the defaults of the config classes, and of the engine's own config class;
2. the user config file: ``$LLEM_CONFIG_FILE`` if set, else ``config.yaml`` in the platform's
   user config directory (``~/.config/llem/config.yaml`` on Linux); a missing file is fine;
3. environment variables ``LLEM_CFG_<PATH>``: ``__`` separates levels and the name is lower-cased
   (``LLEM_CFG_TASK__N_PROMPTS=10`` sets ``task.n_prompts``);
4. the experiment YAML file;
5. named CLI flags: ``--model`` (``task.model``), ``--dataset`` (``task.dataset``),
   ``--n-prompts`` (``task.n_prompts``), ``--engine`` (``engine``), ``--output`` (``output_dir``);
6. ``--set PATH=VALUE``, in the order given.

Values from the environment and ``--set`` are read as YAML scalars: ``10`` is an integer, ``true``
a boolean, ``[1, 2]`` a list, and anything else text. Mappings merge key by key; any other value
replaces the one below it. The engine's section is keyed by the engine's name (``engine:
transformers`` reads ``transformers:``). In the user config file and the environment, sections
for other engines are ignored (they hold defaults for those engines); in the experiment file, the
flags and ``--set``, a section for an engine other than the selected one is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import cattrs
from cattrs.errors import BaseValidationError

from llem.config.converter import make_converter
from llem.config.error_paths import describe_errors
from llem.config.experiment_hooks import DEFAULT_ENGINE, yaml_keys
from llem.config.layers import ConfigLayer, MergedConfig, merge_layers, without_sections
from llem.config.models import ExperimentConfig
from llem.config.paths import iter_leaf_paths
from llem.config.runner_choice import choose_runner
from llem.config.sources import ConfigSources, collect_layers
from llem.errors import ConfigError
from llem.plugins.registry import Registry

__all__ = ["ConfigSources", "ResolvedExperiment", "resolve_experiment", "resolve_layers"]

DEFAULT_ORIGIN = "default"


@attrs.frozen
class ResolvedExperiment:
    """The config and, for every leaf (dotted path), where its value came from: ``"default"``,
    ``"examples/q.yaml:7:3"``, ``"--model"``, ``"--set task.n_prompts=10"``,
    ``"env LLEM_CFG_TASK__N_PROMPTS"``, ``"user config ~/.config/llem/config.yaml:3:1"``."""

    config: ExperimentConfig
    provenance: dict[str, str]
    view: dict[str, Any] | None = attrs.field(default=None, eq=False, repr=False)
    """``config`` as plain data, keyed as in YAML (what rules are checked against)."""
    origins: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    """Where every path that a source set came from, mappings included (``provenance`` has
    only leaves: ``compile_config: {fullgraph: true}`` is there as ``compile_config.fullgraph``)."""


def resolve_experiment(sources: ConfigSources, registry: Registry) -> ResolvedExperiment:
    """Read, merge and validate every source; raises :class:`ConfigError` naming each problem."""
    root_origin = str(sources.file) if sources.file is not None else None
    return resolve_layers(collect_layers(sources), registry, root_origin=root_origin)


def resolve_layers(
    layers: Sequence[ConfigLayer],
    registry: Registry,
    *,
    root_origin: str | None = None,
    converter: cattrs.Converter | None = None,
) -> ResolvedExperiment:
    """Resolve already-read layers (lowest precedence first). ``root_origin`` is named in problems
    that no layer can be pointed at for (a required top-level key missing everywhere). Pass the
    ``converter`` when resolving many configs: building one costs milliseconds."""
    merged = merge_layers(_scope_engine_sections(layers, registry))
    converter = converter or make_converter(registry)
    config = _structure(converter, merged, registry, root_origin)
    view: dict[str, Any] = converter.unstructure(config)
    config, provenance = choose_runner(config, _provenance(view, merged))
    view["runner"] = config.runner
    return ResolvedExperiment(config, provenance, view, merged.origins)


def _scope_engine_sections(layers: Sequence[ConfigLayer], registry: Registry) -> list[ConfigLayer]:
    """Drop other engines' sections from the layers that only set defaults."""
    choices = [layer.data["engine"] for layer in layers if "engine" in layer.data]
    engine = choices[-1] if choices else DEFAULT_ENGINE
    others = [name for name in registry.engines if name != engine]
    return [without_sections(layer, others) if layer.sets_defaults else layer for layer in layers]


def _structure(
    converter: cattrs.Converter, merged: MergedConfig, registry: Registry, root_origin: str | None
) -> ExperimentConfig:
    try:
        # An absent `task` is reported as its missing required key, which says what to do.
        data = {"task": {}, **merged.data}
        config: ExperimentConfig = converter.structure(data, ExperimentConfig)
    except (BaseValidationError, ValueError, TypeError) as error:
        pairs = describe_errors(error, yaml_keys(registry))
        raise ConfigError(
            [_problem(merged, path, message, root_origin) for path, message in pairs]
        ) from None
    return config


MISSING = "required key is missing"
MISSING_HINTS = {"task.model": "give it in the experiment file or with --model"}


def _problem(merged: MergedConfig, path: str, message: str, root_origin: str | None) -> str:
    origin = merged.origin_of(path)  # "" too: an empty key (`"": 1`) is a path of its own
    where = [part for part in (origin or root_origin, path) if part]
    hint = MISSING_HINTS.get(path) if message == MISSING else None
    return ": ".join([*where, f"{message} ({hint})" if hint else message])


def _provenance(unstructured: dict[str, Any], merged: MergedConfig) -> dict[str, str]:
    return {
        path: merged.origins.get(path, DEFAULT_ORIGIN) for path in iter_leaf_paths(unstructured)
    }
