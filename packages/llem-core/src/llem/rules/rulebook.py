"""Each engine's corpus and schema, loaded once per process on first use."""

from __future__ import annotations

from typing import Any

import attrs

from llem.plugins.registry import Registry
from llem.rules.corpus import load_corpus_resource
from llem.rules.memo import KeyPlan, key_plan, read_paths
from llem.rules.model import Corpus
from llem.rules.schema import EngineSchema, load_schema_resource


@attrs.frozen
class EngineRules:
    """An engine's rule corpus and parameter schema; ``None`` when the engine ships none."""

    engine: str
    corpus: Corpus | None = None
    schema: EngineSchema | None = None
    key_plan: KeyPlan = attrs.field(init=False, eq=False, repr=False)
    memo: dict[str, Any] = attrs.field(factory=dict, init=False, eq=False, repr=False)
    """Outcomes by :func:`llem.rules.memo.memo_key`; filled by :func:`validate_view`."""

    @key_plan.default
    def _key_plan(self) -> KeyPlan:
        return key_plan(read_paths(self.corpus, self.schema))

    def describe(self) -> str:
        """``"vllm 0.32.0: 144 rules = 57 hand-written + 87 mined"``, or why nothing is
        checked."""
        if self.corpus is None:
            return f"no rule corpus: engine {self.engine!r} ships none"
        corpus = self.corpus
        hand = sum(rule.added_by == "manual_seed" for rule in corpus.rules)
        mined = len(corpus.rules) - hand
        origin = f" = {hand} hand-written + {mined} mined" if hand and mined else ""
        return f"{corpus.library} {corpus.library_version}: {len(corpus.rules)} rules{origin}"


@attrs.define
class RuleBook:
    """Loads :class:`EngineRules` from the engines' package data on first use, then keeps them.

    One per CLI invocation or study; never module-level state."""

    registry: Registry
    _loaded: dict[str, EngineRules] = attrs.field(factory=dict, init=False)

    def for_engine(self, engine: str) -> EngineRules:
        if engine not in self._loaded:
            self._loaded[engine] = self._load(engine)
        return self._loaded[engine]

    def _load(self, engine: str) -> EngineRules:
        spec = self.registry.engine(engine)
        corpus = load_corpus_resource(spec.rules) if spec.rules else None
        schema = load_schema_resource(spec.schema) if spec.schema else None
        return EngineRules(engine, corpus, schema)
