"""The one factory of the config converter.

Build it after plugins load: engine sections are typed by each engine plugin's own config class,
and engine, runner and energy-sampler names are checked against what the plugins registered.
"""

from __future__ import annotations

import cattrs

from llem.config.experiment_hooks import register_experiment_hooks
from llem.config.strict import register_strict_hooks
from llem.plugins.registry import Registry


def make_converter(registry: Registry) -> cattrs.Converter:
    """A converter that refuses unknown keys and wrong types and reports every problem at once.

    ``structure(data, ExperimentConfig)`` raises a cattrs validation error group; turn it into
    messages with :func:`llem.config.error_paths.describe_errors`. ``unstructure(config)`` gives the
    YAML shape back (the engine section under the engine's name)."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    register_strict_hooks(converter)
    register_experiment_hooks(converter, registry)
    return converter
