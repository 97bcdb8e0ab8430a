"""An engine's parameter schema: every key its config sections accept, read from ``schema.json``.

The schema is generated from the engine library itself (for transformers,
``llem-miners schema transformers --write``) and ships as package data. It has two kinds of
section:

* **typed** sections are llem's own attrs classes (``transformers``, ``transformers.sampling``);
  cattrs already refuses unknown keys there, so the schema only documents them.
* **pass-through** sections (``transformers.generation``) hand their keys to a native library
  class as keyword arguments. Here the schema is the only guard: a key that is not a parameter of
  the native class is refused with a "did you mean", and so is a parameter llem sets itself
  (``set_in`` names where: another config key, or llem itself), since a pass-through value would
  silently fight llem's own.

Reading a schema imports only the package that ships it; nothing here imports an engine library.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from llem.config.suggest import did_you_mean
from llem.errors import PluginError
from llem.rules import package_data

FORMAT = 1
"""The version of the ``schema.json`` layout this module reads and writes."""

CONFIG_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


class SchemaError(PluginError):
    """A malformed parameter schema: names the file (or resource) and the problem."""

    def __init__(self, origin: str, problem: str) -> None:
        self.origin = origin
        self.problem = problem
        super().__init__(f"parameter schema {origin}: {problem}")


class _Malformed(Exception):
    """A problem found while parsing; :func:`parse_schema` adds the origin."""


@attrs.frozen
class Parameter:
    """One key a section accepts. ``type`` is text (see :mod:`llem.rules.schema_types`).

    ``set_in`` is set for native parameters llem sets itself: a config path
    (``transformers.sampling.temperature``) or a phrase starting with ``llem``
    (``llem (from the model's tokenizer)``). Such a key is refused in a pass-through section.
    """

    name: str
    type: str
    default: Any
    description: str = ""
    set_in: str | None = None


@attrs.frozen
class Section:
    """A config section at the dotted ``path``; ``native_type`` is the class a pass-through
    section's keys are handed to (``None`` for typed sections)."""

    path: str
    description: str
    native_type: str | None
    passthrough: bool
    params: Mapping[str, Parameter]


@attrs.frozen
class EngineSchema:
    """Every section of one engine's config, generated from ``library`` at ``library_version``."""

    engine: str
    library: str
    library_version: str
    sections: Mapping[str, Section]


def set_by_llem(set_in: str) -> str:
    """``"set by llem via transformers.sampling.top_k"`` or ``"set by llem (from ...)"``."""
    if CONFIG_PATH.fullmatch(set_in):
        return f"set by llem via {set_in}"
    return f"set by {set_in}" if set_in.startswith("llem") else f"set by llem ({set_in})"


def unknown_parameters(view: Mapping[str, Any], schema: EngineSchema) -> list[tuple[str, str]]:
    """``(path, message)`` for each key of a pass-through section that may not be passed through.

    ``view`` is the resolved config as nested plain data, keyed as in YAML. A key is refused when
    it is not a parameter of the section (with a "did you mean") or when llem sets it itself
    (naming where to set it instead). Typed sections are left to cattrs.
    """
    problems: list[tuple[str, str]] = []
    for section in schema.sections.values():
        if section.passthrough:
            problems += [
                (f"{section.path}.{key}", message) for key, message in _refusals(view, section)
            ]
    return problems


def _refusals(view: Mapping[str, Any], section: Section) -> Iterator[tuple[object, str]]:
    values = lookup_section(view, section.path)
    for key in values if isinstance(values, Mapping) else ():
        parameter = section.params.get(key) if isinstance(key, str) else None
        if parameter is None:
            yield key, _unknown(key, section)
        elif parameter.set_in is not None:
            yield key, _owned(parameter.set_in)


def lookup_section(view: Mapping[str, Any], path: str) -> Any:
    node: Any = view
    for part in path.split("."):
        node = node.get(part) if isinstance(node, Mapping) else None
    return node


def _unknown(key: object, section: Section) -> str:
    of = f" of {section.native_type}" if section.native_type else f" in {section.path}"
    return f"unknown parameter {key!r}{of}{did_you_mean(str(key), section.params)}"


def _owned(set_in: str) -> str:
    if CONFIG_PATH.fullmatch(set_in):
        return f"set by llem: use {set_in} instead"
    return f"{set_by_llem(set_in)}; it cannot be passed through"


def load_schema_resource(resource: str) -> EngineSchema:
    """Load ``"package:relative/path.json"`` from package data (imports only ``package``)."""
    try:
        text = package_data.read_text(resource)
    except package_data.MalformedResourceName:
        raise SchemaError(resource, "expected 'package:relative/path.json'") from None
    except package_data.PackageDataError as error:
        raise SchemaError(resource, f"cannot read it: {error}") from None
    return parse_schema(text, resource)


def parse_schema(text: str, origin: str) -> EngineSchema:
    """Parse ``schema.json`` text; ``origin`` (a file or resource name) is named in every error."""
    try:
        return _schema(json.loads(text))
    except json.JSONDecodeError as error:
        raise SchemaError(origin, f"not JSON: {error.msg} at line {error.lineno}") from None
    except _Malformed as error:
        raise SchemaError(origin, str(error)) from None


def _schema(document: Any) -> EngineSchema:
    required = ("format", "engine", "library", "library_version")
    data = _record(document, "the document", required, ("sections",))
    if data["format"] != FORMAT:
        raise _Malformed(f"format {data['format']!r} is not supported (expected {FORMAT})")
    sections = _object(data.get("sections", {}), "sections")
    return EngineSchema(
        engine=_text(data, "engine", "the document"),
        library=_text(data, "library", "the document"),
        library_version=_text(data, "library_version", "the document"),
        sections={path: _section(path, raw) for path, raw in sections.items()},
    )


def _section(path: str, raw: Any) -> Section:
    where = f"section {path!r}"
    data = _record(raw, where, ("passthrough",), ("path", "description", "native_type", "params"))
    _check_name(data, "path", path, where)
    if not isinstance(data["passthrough"], bool):
        raise _Malformed(f"{where}: 'passthrough' must be true or false")
    params = _object(data.get("params", {}), f"{where} 'params'")
    return Section(
        path=path,
        description=_text(data, "description", where, ""),
        native_type=_optional_text(data, "native_type", where),
        passthrough=data["passthrough"],
        params={name: _parameter(name, raw, path) for name, raw in params.items()},
    )


def _parameter(name: str, raw: Any, section: str) -> Parameter:
    where = f"parameter {section}.{name}"
    data = _record(raw, where, ("type", "default"), ("name", "description", "set_in"))
    _check_name(data, "name", name, where)
    return Parameter(
        name=name,
        type=_text(data, "type", where),
        default=data["default"],
        description=_text(data, "description", where, ""),
        set_in=_optional_text(data, "set_in", where),
    )


def _record(
    raw: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``raw`` as an object with every ``required`` key and no key outside the two lists."""
    data = _object(raw, where)
    missing = [key for key in required if key not in data]
    unknown = sorted(set(data) - set(required) - set(optional))
    if missing:
        raise _Malformed(f"{where}: missing {', '.join(map(repr, missing))}")
    if unknown:
        raise _Malformed(f"{where}: unknown key {unknown[0]!r}{did_you_mean(unknown[0], optional)}")
    return data


def _object(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _Malformed(f"{where} must be a JSON object, got {type(raw).__name__}")
    return raw


def _text(data: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str):
        raise _Malformed(f"{where}: {key!r} must be a string, got {value!r}")
    return value


def _optional_text(data: Mapping[str, Any], key: str, where: str) -> str | None:
    return None if data.get(key) is None else _text(data, key, where)


def _check_name(data: Mapping[str, Any], key: str, expected: str, where: str) -> None:
    if key in data and data[key] != expected:
        raise _Malformed(f"{where}: {key!r} is {data[key]!r}, but it is listed as {expected!r}")


def dump_schema(schema: EngineSchema) -> str:
    """``schema.json`` text: sorted keys, two-space indent, a final newline; deterministic."""
    document = {"format": FORMAT, **attrs.asdict(schema)}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
