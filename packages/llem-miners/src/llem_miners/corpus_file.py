"""Read a corpus file as plain data, check rules one by one, and write a corpus back.

The miners work on plain rule mappings (as in the YAML); :func:`checked_rules` compiles each one
with llem's own corpus reader, so a mined rule llem would refuse never reaches a corpus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML

from llem.rules.corpus_read import Scope
from llem.rules.corpus_rules import RuleContext, read_rule
from llem.rules.model import Corpus, NativeType
from llem.rules.model import Rule as CompiledRule
from llem_miners.assemble import Rule
from llem_miners.gate.report import render_yaml

FORMAT = 1


def load_document(text: str) -> dict[str, Any]:
    document: dict[str, Any] = YAML(typ="safe").load(text)
    return document


def checked_rules(
    corpus: Corpus, rules: Sequence[Rule]
) -> tuple[list[CompiledRule], list[tuple[Rule, str]]]:
    """The rules llem's reader accepts, compiled; and each refused one with its problems."""
    context = RuleContext(corpus.engine, tuple(corpus.native_types))
    accepted: list[CompiledRule] = []
    refused: list[tuple[Rule, str]] = []
    for rule in rules:
        sink: list[str] = []
        compiled = read_rule(Scope(sink, str(rule.get("id"))), rule, context)
        if compiled is None or sink:
            refused.append((rule, "; ".join(sink) or "unreadable"))
        else:
            accepted.append(compiled)
    return accepted, refused


def native_types_document(native_types: Mapping[str, NativeType]) -> dict[str, Any]:
    return {
        name: {"target": t.target, "stage": t.stage, "config_paths": dict(t.config_paths)}
        for name, t in native_types.items()
    }


def render_corpus(corpus: Corpus, rules: Sequence[Rule], header: str) -> str:
    """A corpus file with ``corpus``'s engine, library and native types and ``rules``."""
    document = {
        "format": FORMAT,
        "engine": corpus.engine,
        "library": corpus.library,
        "library_version": corpus.library_version,
        "native_types": native_types_document(corpus.native_types),
        "rules": list(rules),
    }
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comment + render_yaml(document)
