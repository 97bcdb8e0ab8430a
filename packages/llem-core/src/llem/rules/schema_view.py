"""``llem config show ENGINE``: an engine's parameter schema as a listing a person reads.

Each section is headed by its path and kind (typed: llem's own settings; pass-through: handed to
a native library class), then one entry per parameter::

      num_beams: int = 1
          Number of beams for beam search.

The description is its first sentence, wrapped to :data:`WIDTH` columns and cut after two lines;
parameters llem sets itself say where instead of being accepted.
"""

from __future__ import annotations

import json
import re
import textwrap

from llem.config.suggest import did_you_mean
from llem.errors import UsageError
from llem.rules.schema import EngineSchema, Parameter, Section, set_by_llem

WIDTH = 100
INDENT = " " * 2
DETAIL_INDENT = " " * 6
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*\[(-])")


def render_parameters(schema: EngineSchema, section: str | None = None) -> str:
    """Every section of ``schema``, or only ``section``; an unknown section is a UsageError."""
    if section is not None and section not in schema.sections:
        raise UsageError(_unknown_section(schema, section))
    chosen = [schema.sections[section]] if section else list(schema.sections.values())
    return "\n\n".join(render_section(each) for each in chosen)


def _unknown_section(schema: EngineSchema, section: str) -> str:
    hint = did_you_mean(section, schema.sections)
    known = ", ".join(schema.sections)
    return f"no section {section!r} in the {schema.engine} schema{hint}; its sections: {known}"


def render_section(section: Section) -> str:
    """The section's heading and description, then its parameters in name order."""
    count = len(section.params)
    lines = [f"{section.path}: {_kind(section)}, {count} parameter{'' if count == 1 else 's'}"]
    lines += textwrap.wrap(
        _plain(section.description), WIDTH, initial_indent=INDENT, subsequent_indent=INDENT
    )
    lines += [""] if section.params else [f"{INDENT}(no parameters)"]
    for name in sorted(section.params):
        lines += render_parameter(section.params[name])
    return "\n".join(lines)


def _kind(section: Section) -> str:
    if not section.passthrough:
        return "typed (llem's own settings)"
    return f"pass-through to {section.native_type}" if section.native_type else "pass-through"


def render_parameter(parameter: Parameter) -> list[str]:
    """``name: type = default``, the first sentence of its description, who sets it."""
    lines = [f"{INDENT}{parameter.name}: {parameter.type} = {_value(parameter.default)}"]
    lines += textwrap.wrap(
        first_sentence(_plain(parameter.description)),
        WIDTH,
        initial_indent=DETAIL_INDENT,
        subsequent_indent=DETAIL_INDENT,
        max_lines=2,
        placeholder=" ...",
    )
    if parameter.set_in is not None:
        lines.append(f"{DETAIL_INDENT}{set_by_llem(parameter.set_in)}")
    return lines


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not the one in ``e.g. this``)."""
    return SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _plain(text: str) -> str:
    """Docstring markup a terminal does not need: reST's double backticks become single."""
    return " ".join(text.replace("``", "`").split())


def _value(value: object) -> str:
    """Defaults as YAML would spell them in a config: ``null``, ``true``, ``"nf4"``."""
    return json.dumps(value, ensure_ascii=False)
