"""What a mining run starts from: the engine's specs, its shipped corpus, schema and replayer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from llem.config.converter import make_converter
from llem.errors import LlemError
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.records import EngineSpec, MinerSpec
from llem.rules import package_data
from llem.rules.corpus import load_corpus_resource
from llem.rules.model import Corpus, View
from llem.rules.schema import CONFIG_PATH, EngineSchema, load_schema_resource
from llem.rules.views import default_view
from llem_miners.assemble import Library
from llem_miners.corpus_file import load_document
from llem_miners.gate.run import (
    GateUsageError,
    check_version,
    engine_spec,
    load_replayer,
    miner_spec,
)
from llem_miners.replay import Replayer


@attrs.frozen
class MiningSetup:
    """The engine, its miner spec, its shipped corpus (compiled and as data), its replayer."""

    engine: EngineSpec
    spec: MinerSpec
    corpus: Corpus
    document: dict[str, Any]
    corpus_path: Path | None
    library: Library
    replayer: Replayer | None
    """``None`` for an engine that registers no replayer (its library cannot be run here): its
    mined rules are then read, not replayed."""
    base_view: View


def load_mining_setup(engine: str, registry: Registry | None = None) -> MiningSetup:
    """Everything mining ``engine`` needs, from ``registry`` (default: the installed plugins'),
    or a :class:`GateUsageError` saying what is missing."""
    registry = registry or build_host().registry
    spec, miners = engine_spec(registry, engine), miner_spec(registry, engine)
    if spec.rules is None:
        raise GateUsageError(f"engine {engine!r} ships no rule corpus (EngineSpec.rules)")
    try:
        corpus = load_corpus_resource(spec.rules)
        document = load_document(package_data.read_text(spec.rules))
    except LlemError as error:
        raise GateUsageError(str(error)) from error
    replayer = load_replayer(registry, engine) if miners.replayer else None
    if replayer is not None:
        check_version(corpus, replayer)
    schema = load_schema_resource(spec.schema) if spec.schema else None
    base_view = default_view(engine, registry, make_converter(registry))
    library = Library(
        engine=engine,
        library=corpus.library,
        version=corpus.library_version,
        native_types=corpus.native_types,
        types=schema_types(schema) if schema else {},
        passthrough=passthrough_keys(schema) if schema else {},
        declared=declared_types(schema) if schema else {},
        held=dict(held_values(base_view)),
        defaults=library_defaults(schema) if schema else {},
    )
    path = package_data.file_path(spec.rules)
    return MiningSetup(spec, miners, corpus, document, path, library, replayer, base_view)


def schema_types(schema: EngineSchema) -> dict[str, str]:
    """Config path -> simple type name (``int``, ``float``, ``bool``, ``str``, ``list``) of each
    schema parameter whose type is one of them (``None`` allowed beside it)."""
    types: dict[str, str] = {}
    for path, section in schema.sections.items():
        for name, parameter in section.params.items():
            simple = simple_type(parameter.type)
            if simple:
                types[f"{path}.{name}"] = simple
    return types


def declared_types(schema: EngineSchema) -> dict[str, str]:
    """Config path -> the whole type text of each schema parameter."""
    return {
        f"{path}.{name}": parameter.type
        for path, section in schema.sections.items()
        for name, parameter in section.params.items()
    }


def held_values(view: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(config path, value) of each value other than ``None`` in llem's default view."""
    for key, value in view.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            yield from held_values(value, path)
        elif value is not None:
            yield path, value


def library_defaults(schema: EngineSchema) -> dict[str, Any]:
    """Config path -> the library's default for the native keyword it maps to: a pass-through
    parameter's own, and that of a native parameter llem sets via another config path."""
    defaults: dict[str, Any] = {}
    for path, section in schema.sections.items():
        for name, parameter in section.params.items():
            if parameter.set_in is not None and CONFIG_PATH.fullmatch(parameter.set_in):
                defaults[parameter.set_in] = parameter.default
            elif section.passthrough:
                defaults[f"{path}.{name}"] = parameter.default
    return defaults


def passthrough_keys(schema: EngineSchema) -> dict[str, frozenset[str]]:
    """Each pass-through section's path -> the keys a config may set there."""
    return {
        path: frozenset(section.params)
        for path, section in schema.sections.items()
        if section.passthrough
    }


def simple_type(text: str) -> str | None:
    parts = {part.strip() for part in text.split("|")} - {"None"}
    if len(parts) != 1:
        return None
    part = parts.pop()
    if part.startswith(("list", "tuple")):
        return "list"  # a config gives a list where the library takes a tuple
    return part if part in ("int", "float", "bool", "str") else None
