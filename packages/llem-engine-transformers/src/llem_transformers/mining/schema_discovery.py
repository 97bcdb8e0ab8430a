"""Generate the engine's parameter schema (``schema.json``) from the installed transformers.

A developer tool, and the only module of this package that imports transformers outside an
experiment. The schema it writes ships as package data and is what ``llem config validate`` and
``llem run`` check pass-through keys against, without importing transformers::

    llem-miners schema transformers --write   # regenerate schema.json
    llem-miners schema transformers --check   # exit 1 if schema.json is stale,
                                                           # 2 if transformers is not the pinned one

Sections:

* ``transformers`` and ``transformers.sampling`` (typed): llem's own attrs classes, described by
  their docstrings' ``Attributes:``.
* ``transformers.generation`` (pass-through to ``GenerationConfig``): every public attribute of a
  default ``GenerationConfig()``. In transformers 5 those are all ``None`` ("unset"), so the
  default recorded is the one ``generate`` applies when neither the model nor the user sets it
  (``GenerationConfig._get_default_generation_params()``). Types and descriptions come from the
  class docstring; undocumented attributes are kept with the default's type. Parameters llem sets
  itself carry ``set_in`` (see :data:`OWNED`).
* ``transformers.quantization`` (pass-through to ``BitsAndBytesConfig``): its ``__init__``
  parameters.
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from llem.rules.schema import EngineSchema, Parameter, Section
from llem.rules.schema_types import NONE, normalise_type, type_members
from llem_miners.docstrings import DocEntry, doc_entries, summary
from llem_miners.schema_command import SchemaCommand
from llem_miners.schema_command import pinned_version as pin_file_version
from llem_transformers import ENGINE_NAME
from llem_transformers.config import TransformersConfig

SCHEMA_FILE = Path(__file__).parents[1] / "schema.json"
PIN_FILE = Path(__file__).resolve().parents[5] / "engine_versions" / "transformers.yaml"
"""The version pin, present in a source checkout (not in an installed wheel)."""


TOKENIZER = "llem (from the model's tokenizer and generation config)"
OUTPUTS = "llem (it reads only the generated token ids)"
ONE_COMPLETION = "llem (one completion per prompt: its token counts and latencies assume it)"
OWNED: Mapping[str, str] = {
    **{name: f"transformers.sampling.{name}" for name in ("do_sample", "temperature", "top_k")},
    **{name: f"transformers.sampling.{name}" for name in ("top_p", "min_p", "repetition_penalty")},
    "max_new_tokens": "task.max_output_tokens",
    "max_length": "task.max_output_tokens",
    "min_new_tokens": "task.fixed_output_length",
    "min_length": "task.fixed_output_length",
    **dict.fromkeys(("pad_token_id", "eos_token_id", "bos_token_id"), TOKENIZER),
    "decoder_start_token_id": TOKENIZER,
    **dict.fromkeys(("return_dict_in_generate", "output_scores", "output_logits"), OUTPUTS),
    **dict.fromkeys(("output_attentions", "output_hidden_states"), OUTPUTS),
    "num_return_sequences": ONE_COMPLETION,
}
"""``GenerationConfig`` parameters llem sets itself, and where: refused in ``generation``."""


def discover() -> EngineSchema:
    """The schema of this engine as the installed transformers defines it."""
    import transformers

    sections = [*typed_sections(ENGINE_NAME, TransformersConfig)]
    sections += [generation_section(), quantization_section()]
    return EngineSchema(
        engine=ENGINE_NAME,
        library="transformers",
        library_version=transformers.__version__,
        sections={section.path: section for section in sections},
    )


def typed_sections(path: str, cls: type) -> Iterator[Section]:
    """The attrs class ``cls`` as a typed section, then each attrs-class field as its own.

    ``dict`` fields (``generation``, ``quantization``) are pass-through sections, built from the
    library, so they are left out here."""
    docs = doc_entries(cls.__doc__, "Attributes")
    fields = attrs.fields(cls)
    nested = [field for field in fields if attrs.has(type(_field_default(field)))]
    plain = [field for field in fields if field not in nested and not _is_dict(field)]
    params = {field.name: _typed_parameter(field, docs.get(field.name)) for field in plain}
    yield Section(path, summary(cls.__doc__), None, False, params)
    for field in nested:
        yield from typed_sections(f"{path}.{field.name}", type(_field_default(field)))


def _typed_parameter(field: attrs.Attribute[Any], doc: DocEntry | None) -> Parameter:
    description = doc.description if doc else ""
    default = jsonable(_field_default(field))
    return Parameter(field.name, normalise_type(annotation_text(field.type)), default, description)


def _field_default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory()
    return None if default is attrs.NOTHING else default


def _is_dict(field: attrs.Attribute[Any]) -> bool:
    return isinstance(_field_default(field), dict)


def generation_section() -> Section:
    """Every public ``GenerationConfig`` attribute; see the module docstring for the defaults."""
    from transformers import GenerationConfig

    unset: dict[str, Any] = getattr(GenerationConfig, "_get_default_generation_params", dict)()
    docs = doc_entries(GenerationConfig.__doc__, "Args")
    default_config = GenerationConfig()  # type: ignore[no-untyped-call]
    attributes = {k: v for k, v in vars(default_config).items() if is_public(k)}
    params = {
        name: native_parameter(name, unset.get(name) if value is None else value, docs.get(name))
        for name, value in sorted(attributes.items())
    }
    return _passthrough("generation", "transformers.GenerationConfig", params)


def quantization_section() -> Section:
    """The keyword parameters of ``BitsAndBytesConfig.__init__`` (not ``**kwargs``)."""
    from transformers import BitsAndBytesConfig

    docs = doc_entries(BitsAndBytesConfig.__doc__, "Args")
    params = {
        name: native_parameter(
            name, _signature_default(parameter), docs.get(name), _annotation(parameter)
        )
        for name, parameter in _keywords(BitsAndBytesConfig.__init__)
    }
    return _passthrough("quantization", "transformers.BitsAndBytesConfig", params)


def _passthrough(field: str, native_type: str, params: dict[str, Parameter]) -> Section:
    """A pass-through section, described by its field's entry in the engine config's docstring."""
    doc = doc_entries(TransformersConfig.__doc__, "Attributes").get(field)
    description = doc.description if doc else ""
    return Section(f"{ENGINE_NAME}.{field}", description, native_type, True, params)


def _keywords(function: Any) -> list[tuple[str, inspect.Parameter]]:
    named = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    parameters = inspect.signature(function).parameters.items()
    return [(name, p) for name, p in parameters if p.kind in named and name != "self"]


def _signature_default(parameter: inspect.Parameter) -> Any:
    return None if parameter.default is inspect.Parameter.empty else parameter.default


def _annotation(parameter: inspect.Parameter) -> str | None:
    annotation = parameter.annotation
    return None if annotation is inspect.Parameter.empty else annotation_text(annotation)


def native_parameter(
    name: str, default: Any, doc: DocEntry | None, annotation: str | None = None
) -> Parameter:
    """A native parameter: type from the annotation, else the docstring, else the default."""
    spelt = annotation or (doc.type if doc else None) or _type_of(default)
    description = doc.description if doc else ""
    return Parameter(
        name, _allow_none(spelt, default), jsonable(default), description, OWNED.get(name)
    )


def _allow_none(type_text: str, default: Any) -> str:
    """A parameter whose default is ``None`` accepts ``None``, whatever its docs say."""
    members = type_members(type_text)
    if default is None and NONE not in members and "Any" not in members:
        return normalise_type(f"{type_text} | None")
    return normalise_type(type_text)


def _type_of(default: Any) -> str:
    return "Any" if default is None else type(default).__name__


def annotation_text(annotation: Any) -> str:
    """An annotation as text: already text under ``from __future__ import annotations``."""
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return annotation.__name__
    return str(annotation).replace("typing.", "")


def is_public(name: str) -> bool:
    """Not bookkeeping: ``_from_model_config``, ``_commit_hash``, ``transformers_version``."""
    return not name.startswith("_") and name != "transformers_version"


def jsonable(value: Any) -> Any:
    """``value`` as JSON data; anything JSON cannot hold (a dtype, ``inf``) as its ``str``."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return str(value)


def pinned_version() -> str:
    """The transformers version the engine pins."""
    from llem_transformers.plugin import LIBRARY_VERSION

    return pin_file_version(PIN_FILE, LIBRARY_VERSION)


def main(argv: Sequence[str] | None = None) -> int:
    """``llem-miners schema transformers --write|--check`` (exit 2 for another transformers)."""
    command = SchemaCommand(
        engine=ENGINE_NAME,
        library="transformers",
        schema_file=SCHEMA_FILE,
        discover=discover,
        installed=_installed_version,
        pinned=pinned_version,
        install="pip install transformers=={version}",
    )
    return command.main(argv)


def _installed_version() -> str:
    import transformers

    return str(transformers.__version__)


if __name__ == "__main__":
    sys.exit(main())
