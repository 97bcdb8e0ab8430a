"""Config layers: one source's values with where each came from, and their deep merge."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

import attrs

from llem.config.paths import ancestors, is_within, iter_paths, join_path, nest
from llem.config.yaml_source import YamlDocument
from llem.errors import ConfigError


@attrs.frozen
class ConfigLayer:
    """Values from one source. ``origins`` names the origin of every path in ``data`` (mappings,
    keys and list items alike). ``from_file``: its origins carry line and column, the best place to
    point at for a key missing from one of its mappings. ``sets_defaults``: user config and
    environment, whose sections for engines other than the selected one are dropped."""

    data: dict[str, Any]
    origins: dict[str, str]
    from_file: bool = False
    sets_defaults: bool = False


@attrs.frozen
class MergedConfig:
    """All layers merged; ``origins`` as in :class:`ConfigLayer`, from the layer that won."""

    data: dict[str, Any]
    origins: dict[str, str]

    def origin_of(self, path: str) -> str | None:
        """Where ``path`` came from, else where its nearest present ancestor came from."""
        for candidate in (path, *ancestors(path)):
            if candidate in self.origins:
                return self.origins[candidate]
        return None


def document_layer(
    document: YamlDocument, label: str, *, sets_defaults: bool = False
) -> ConfigLayer:
    """A YAML file's layer; each origin is ``label:line:col`` of the key."""
    origins = {path: _at(label, document.positions.get(path)) for path in iter_paths(document.data)}
    return ConfigLayer(document.data, origins, from_file=True, sets_defaults=sets_defaults)


def value_layer(path: str, value: Any, origin: str, *, sets_defaults: bool = False) -> ConfigLayer:
    """A layer setting one dotted ``path`` (a flag, a ``--set``, an environment variable)."""
    data = nest(path, value)
    return ConfigLayer(data, dict.fromkeys(iter_paths(data), origin), sets_defaults=sets_defaults)


def without_sections(layer: ConfigLayer, keys: Collection[str]) -> ConfigLayer:
    """``layer`` without the top-level ``keys``."""
    data = {key: value for key, value in layer.data.items() if key not in keys}
    origins = {
        path: origin for path, origin in layer.origins.items() if path.split(".")[0] not in keys
    }
    return attrs.evolve(layer, data=data, origins=origins)


def gather_layers(builders: Iterable[Callable[[], list[ConfigLayer]]]) -> list[ConfigLayer]:
    """Run every builder; if any fail, raise one :class:`ConfigError` with all their problems."""
    layers: list[ConfigLayer] = []
    problems: list[str] = []
    for build in builders:
        try:
            layers.extend(build())
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return layers


def merge_layers(layers: Sequence[ConfigLayer]) -> MergedConfig:
    """Merge lowest precedence first: mappings merge key by key, anything else replaces."""
    if not layers:
        return MergedConfig({}, {})
    first, *rest = layers
    # The lowest layer is taken whole: every path of its data has its origin.
    data, origins = copy.deepcopy(first.data), dict(first.origins)
    for layer in rest:
        _merge_mapping(data, origins, layer, layer.data, "")
    return MergedConfig(data, origins)


def _merge_mapping(
    target: dict[str, Any],
    origins: dict[str, str],
    layer: ConfigLayer,
    source: dict[str, Any],
    prefix: str,
) -> None:
    for key, value in source.items():
        path = join_path(prefix, key)
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            if layer.from_file:
                origins[path] = layer.origins[path]
            _merge_mapping(target[key], origins, layer, value, path)
        else:
            _replace(target, origins, layer, key, value, path)


def _replace(
    target: dict[str, Any],
    origins: dict[str, str],
    layer: ConfigLayer,
    key: str,
    value: Any,
    path: str,
) -> None:
    if _is_scalar(value) and _is_scalar(target.get(key)):
        # Nothing lies below a scalar: only its own origin changes (the common, fast case).
        origins[path] = layer.origins[path]
        target[key] = value
        return
    if key in target:
        for stale in [known for known in origins if is_within(known, path)]:
            del origins[stale]
    for known in (path, *iter_paths(value, path)):
        if known in layer.origins:
            origins[known] = layer.origins[known]
    target[key] = copy.deepcopy(value)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def _at(label: str, position: tuple[int, int] | None) -> str:
    return f"{label}:{position[0]}:{position[1]}" if position else label
