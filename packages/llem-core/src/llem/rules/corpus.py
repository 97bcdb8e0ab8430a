"""Load an engine's ``rules.yaml`` into a :class:`llem.rules.model.Corpus`.

The whole file is read before anything is reported, so a :class:`CorpusError` lists every problem
at once, each prefixed with the file, the rule (id, or index when it has none) and the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from llem.errors import PluginError
from llem.rules import package_data
from llem.rules.corpus_read import Scope, check_keys, read_mapping, read_str
from llem.rules.corpus_rules import RuleContext, read_native_types, read_rule, rule_label
from llem.rules.model import Corpus, Rule

FORMAT = 1
T = TypeVar("T")
TOP_KEYS = ("format", "engine", "library", "library_version", "native_types", "rules")


class CorpusError(PluginError):
    """A malformed corpus: names the file, the rule id (when there is one) and the problem.

    ``problems`` holds every problem found, one line each; the message lists them all."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems) or (message,)

    @classmethod
    def of(cls, problems: Sequence[str]) -> CorpusError:
        if len(problems) == 1:
            return cls(problems[0], problems)
        listed = "\n".join(f"  - {problem}" for problem in problems)
        return cls(f"{len(problems)} problems in a rule corpus:\n{listed}", problems)


def parse_corpus(text: str, origin: str) -> Corpus:
    """Parse corpus YAML text; ``origin`` (a file name) is named in every error."""
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as error:
        raise CorpusError(f"{origin}: not valid YAML: {describe_yaml_error(error)}") from error
    sink: list[str] = []
    corpus = read_corpus(Scope(sink, origin), data)
    if sink or corpus is None:
        raise CorpusError.of(sink or [f"{origin}: unreadable corpus"])
    return corpus


def describe_yaml_error(error: YAMLError) -> str:
    """The parser's problem and where it is, without ruamel's multi-line context dump."""
    problem = getattr(error, "problem", None) or str(error)
    mark = getattr(error, "problem_mark", None)
    return f"{problem} (line {mark.line + 1}, column {mark.column + 1})" if mark else problem


def read_corpus(scope: Scope, value: Any) -> Corpus | None:
    """The corpus, or ``None`` with every problem recorded in ``scope``."""
    data = read_mapping(scope, value)
    if data is None:
        return None
    check_keys(scope, data, TOP_KEYS)
    check_format(scope, data.get("format", FORMAT))
    engine, library, version = (
        read_key(read_str, scope, data, key) for key in ("engine", "library", "library_version")
    )
    types = read_key(read_native_types, scope, data, "native_types")
    context = RuleContext(engine, None if types is None else tuple(types))
    rules = read_rules(scope, data["rules"], context) if "rules" in data else None
    if engine is None or library is None or version is None or types is None or rules is None:
        return None
    return None if scope.sink else Corpus(engine, library, version, types, rules, scope.label)


def read_key(
    reader: Callable[[Scope, Any], T], scope: Scope, data: Mapping[str, Any], key: str
) -> T | None:
    """``reader`` applied to ``data[key]``; ``None`` when the key is missing (reported apart)."""
    return reader(scope.at(key), data[key]) if key in data else None


def check_format(scope: Scope, value: Any) -> None:
    if not (type(value) is int and value == FORMAT):
        scope.at("format").problem(
            f"unsupported corpus format {value!r} (this llem reads {FORMAT})"
        )


def read_rules(scope: Scope, value: Any, context: RuleContext) -> tuple[Rule, ...] | None:
    """Every rule entry; ``None`` if any has a problem. Ids must be unique."""
    if not isinstance(value, list):
        scope.at("rules").problem(f"must be a list of rules (got {type(value).__name__})")
        return None
    seen: dict[str, int] = {}
    rules: list[Rule | None] = []
    for index, raw in enumerate(value):
        rule_scope = Scope(scope.sink, f"{scope.label}: {rule_label(raw, index)}")
        check_unique(rule_scope, raw, index, seen)
        rules.append(read_rule(rule_scope, raw, context))
    return None if None in rules else tuple(rule for rule in rules if rule is not None)


def check_unique(scope: Scope, raw: Any, index: int, seen: dict[str, int]) -> None:
    rule_id = raw.get("id") if isinstance(raw, Mapping) else None
    if not isinstance(rule_id, str):
        return
    if rule_id in seen:
        scope.problem(f"duplicate id (also rules[{seen[rule_id]}])")
    seen.setdefault(rule_id, index)


def load_corpus_resource(resource: str) -> Corpus:
    """Load ``"package:relative/path.yaml"`` (package data; imports only ``package``)."""
    origin = package_data.origin(resource)
    try:
        text = package_data.read_text(resource)
    except package_data.MalformedResourceName:
        raise CorpusError(
            f"{resource}: a rule corpus is named 'package:relative/path.yaml'"
        ) from None
    except package_data.PackageDataError as error:
        raise CorpusError(f"{origin}: cannot read the rule corpus: {error}") from error
    return parse_corpus(text, origin)
