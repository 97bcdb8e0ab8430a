"""Builds the engine's parameter schema (``schema.json``) from llem's own attrs classes and the
TensorRT-LLM parameters read from its sources (:mod:`llem_tensorrt.native_params`).

The schema is what ``llem config validate`` checks the pass-through sections against and what
``llem config show tensorrt`` lists. Nothing here imports tensorrt_llm. Regenerate it after a
change to the config classes or the native tables::

    python -m llem_tensorrt.schema_build --write
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from llem.rules.schema import EngineSchema, Parameter, Section, dump_schema
from llem.rules.schema_types import NONE, normalise_type, type_members
from llem_tensorrt import ENGINE_NAME
from llem_tensorrt.config import SET_BY_LLEM, TensorrtConfig
from llem_tensorrt.native_params import (
    BACKEND_ONLY,
    BASE_LLM_ARGS,
    LLM_ARGS_SOURCE,
    SAMPLING_PARAMS,
    SAMPLING_SOURCE,
    NativeParam,
)
from llem_tensorrt.plugin import LIBRARY, LIBRARY_VERSION

SCHEMA_FILE = Path(__file__).with_name("schema.json")
GOOGLE_ENTRY = re.compile(r"(?P<name>[A-Za-z_]\w*):(?:\s+(?P<text>.*))?$")
HEADING = re.compile(r"^\s*[A-Z]\w*:\s*$", re.MULTILINE)


def build_schema() -> EngineSchema:
    sections = [*typed_sections(ENGINE_NAME, TensorrtConfig), llm_args_section()]
    sections.append(sampling_args_section())
    return EngineSchema(
        engine=ENGINE_NAME,
        library=LIBRARY,
        library_version=LIBRARY_VERSION,
        sections={section.path: section for section in sections},
    )


# --- llem's own attrs classes --------------------------------------------------------------------


def typed_sections(path: str, cls: type) -> Iterator[Section]:
    """``cls`` as a typed section, then each attrs-class field as its own; ``dict`` fields are
    the pass-through sections, built from the native tables."""
    docs = attribute_docs(cls.__doc__)
    fields = attrs.fields(attrs.resolve_types(cls))
    nested = [field for field in fields if attrs.has(type(_default(field)))]
    plain = [field for field in fields if field not in nested and not _is_dict(field)]
    params = {field.name: _typed(field, docs.get(field.name, "")) for field in plain}
    yield Section(path, summary(cls.__doc__), None, False, params)
    for field in nested:
        yield from typed_sections(f"{path}.{field.name}", type(_default(field)))


def _typed(field: attrs.Attribute[Any], description: str) -> Parameter:
    type_text = normalise_type(_annotation_text(field.type))
    return Parameter(field.name, type_text, _default(field), description)


def _annotation_text(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    text = text.replace("typing.", "")
    literal = re.fullmatch(r"Literal\[(.*)\]", text)
    return " | ".join(part.strip() for part in literal[1].split(",")) if literal else text


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return None if default is attrs.NOTHING else default


def _is_dict(field: attrs.Attribute[Any]) -> bool:
    return isinstance(_default(field), dict)


def attribute_docs(doc: str | None) -> dict[str, str]:
    """The Google-style ``Attributes:`` entries of a docstring: name → one paragraph."""
    lines = inspect.cleandoc(doc or "").splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Attributes:"), None)
    entries: dict[str, list[str]] = {}
    current: list[str] = []
    for line in lines[start + 1 :] if start is not None else []:
        match = GOOGLE_ENTRY.match(line.strip()) if line.startswith("    ") else None
        if match and not line.startswith("     "):
            current = entries.setdefault(match["name"], [match["text"] or ""])
        elif line.strip():
            current.append(line.strip())
    return {name: paragraph(text) for name, text in entries.items()}


def summary(doc: str | None) -> str:
    return paragraph(HEADING.split(inspect.cleandoc(doc or ""), maxsplit=1)[0].splitlines())


def paragraph(lines: Sequence[str]) -> str:
    return " ".join(" ".join(lines).split())


# --- the pass-through sections -------------------------------------------------------------------


def llm_args_section() -> Section:
    """``tensorrt.llm_args``: every ``BaseLlmArgs`` field, and each backend's own fields marked
    with the backend that accepts them."""
    params = [_native(param, "llm_args") for param in BASE_LLM_ARGS]
    for backend, native in BACKEND_ONLY.items():
        params += [_native(param, "llm_args", f" ({backend} backend only)") for param in native]
    description = (
        f"{_field_doc('llm_args')} Read from {LLM_ARGS_SOURCE} (BaseLlmArgs, TorchLlmArgs,"
        " TrtLlmArgs); see llem_tensorrt.native_params for the version read."
    )
    return _passthrough("llm_args", "tensorrt_llm.LLM", description, params)


def sampling_args_section() -> Section:
    params = [_native(param, "sampling_args") for param in SAMPLING_PARAMS]
    description = f"{_field_doc('sampling_args')} Read from {SAMPLING_SOURCE} (SamplingParams)."
    return _passthrough("sampling_args", "tensorrt_llm.SamplingParams", description, params)


def _passthrough(
    field: str, native_type: str, description: str, params: list[Parameter]
) -> Section:
    by_name = {param.name: param for param in params}
    return Section(f"{ENGINE_NAME}.{field}", description, native_type, True, by_name)


def _field_doc(field: str) -> str:
    return attribute_docs(TensorrtConfig.__doc__).get(field, "")


def _native(param: NativeParam, section: str, note: str = "") -> Parameter:
    name, type_text, default, description = param
    owner = SET_BY_LLEM[section].get(name)
    return Parameter(
        name, _allow_none(type_text, default), default, description + note, _set_in(owner)
    )


def _set_in(owner: str | None) -> str | None:
    """``tensorrt.dtype`` stays a config path; ``(llem measures ...)`` becomes
    ``llem (measures ...)``."""
    if owner is None or not owner.startswith("("):
        return owner
    return f"llem ({owner.strip('()').removeprefix('llem ').strip()})"


def _allow_none(type_text: str, default: Any) -> str:
    members = type_members(type_text)
    if default is None and NONE not in members and "Any" not in members:
        return normalise_type(f"{type_text} | None")
    return normalise_type(type_text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--write", action="store_true", help=f"write {SCHEMA_FILE.name}")
    args = parser.parse_args(argv)
    text = dump_schema(build_schema())
    if args.write:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
