"""What the dynamic miner's rules meet when they are assembled: schema types read as the miner's
(a tuple is given as a list), the example vocabulary less the library's defaults, and the errors
a dormant rule's examples must not fire."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import attrs
import pytest

from llem.rules.model import NativeType
from llem_miners.assemble import Library
from llem_miners.candidate import Candidate, MineResult, Where
from llem_miners.pipeline import _error_beside, avoided, keyword_vocabulary, without_defaults
from llem_miners.setup import MiningSetup, simple_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tuple[int, float] | None", "list"),  # a config gives a list where a tuple is taken
        ("tuple[int, ...]", "list"),
        ("list[int] | None", "list"),
        ("int | None", "int"),
        ("float", "float"),
        ("bool | None", "bool"),
        ("str", "str"),
        ("dict[str, int] | None", None),
        ("dict[tuple[int], float]", None),
        ("int | list[int] | None", None),
        ("Any", None),
        ("None", None),
    ],
)
def test_simple_type(text: str, expected: str | None) -> None:
    assert simple_type(text) == expected


GEN = NativeType(
    "Gen", "lib:Gen", "construct", {"do_sample": "e.sampling.do_sample", "*": "e.generation"}
)
ELSEWHERE = NativeType("Load", "lib:Load", "load", {"beams": "e.load.beams"})
LIBRARY = Library(
    engine="e",
    library="lib",
    version="1.0",
    native_types={"Gen": GEN, "Load": ELSEWHERE},
    defaults={
        "e.generation.num_beams": 1,
        "e.sampling.do_sample": False,
        "e.generation.top_k": None,
        "e.generation.cache": "dynamic",
        "e.load.beams": 4,
    },
)
SETUP = cast(MiningSetup, SimpleNamespace(library=LIBRARY))
WHERE = Where("lib/gen.py", "Gen.validate", 10)


def candidate(fields: dict[str, Any], **changes: Any) -> Candidate:
    values: dict[str, Any] = {
        "native_type": "Gen",
        "severity": "error",
        "fields": fields,
        "kwargs_positive": {},
        "kwargs_negative": {},
        "expected_outcome": "raise",
        "message_template": "bad",
        "where": WHERE,
        "added_by": "dynamic_miner",
    }
    return Candidate(**{**values, **changes})


def test_the_vocabulary_leaves_out_each_keywords_library_default() -> None:
    result = MineResult(
        candidates=(
            candidate({"num_beams": {">": 1}, "cache": "dynamic"}),
            candidate({"num_beams": {"!=": 1.0}, "top_k": {"<": 5}}),
            candidate({"num_beams": {"in": [1, 3]}, "cache": {"not_in": ["dynamic", "static"]}}),
            candidate({"beams": 4}),
        )
    )
    vocabulary = keyword_vocabulary(result.candidates)
    assert vocabulary["num_beams"] == [1, 1.0, 3]
    assert without_defaults(vocabulary, result, SETUP) == {
        "num_beams": [1.0, 3],  # the default 1, not a float that equals it
        "cache": ["static"],
        "top_k": [5],  # its default is None: nothing to leave out
        "beams": [4],  # e.generation.beams has none; Load's 4 is another native type's
    }


def test_a_boolean_default_is_left_out_but_not_an_equal_number() -> None:
    result = MineResult(candidates=(candidate({"do_sample": True}),))
    vocabulary = {"do_sample": [False, True, 0]}
    assert without_defaults(vocabulary, result, SETUP) == {"do_sample": [True, 0]}


def test_the_defaults_of_every_native_type_of_the_result_count() -> None:
    result = MineResult(
        candidates=(candidate({"beams": 4}), candidate({"beams": 2}, native_type="Load"))
    )
    assert without_defaults({"beams": [2, 4]}, result, SETUP) == {"beams": [2]}


def test_a_native_type_outside_the_corpus_leaves_the_vocabulary_as_it_is() -> None:
    result = MineResult(candidates=(candidate({"num_beams": 1}, native_type="Other"),))
    vocabulary = {"num_beams": [1, 2]}
    assert without_defaults(vocabulary, result, SETUP) == {"num_beams": [1, 2]}
    assert without_defaults({}, MineResult(), SETUP) == {}


DORMANT = candidate(
    {"lookup": {"present": True}, "beams": {">": 1}},
    severity="dormant",
    expected_outcome="warn",
    message_template="lookup is ignored with beams",
)
OWN_ERROR = candidate({"lookup": {"<=": 0}, "beams": 1}, message_template="lookup must be positive")
PAIR_ERROR = candidate({"lookup": {"present": True}, "cache": "static"}, message_template="static")
SIBLING_ERROR = candidate({"beams": {"<": 1}}, message_template="beams must be at least 1")
WARNING = candidate(
    {"lookup": {">": 100}},
    severity="warn",
    expected_outcome="warn",
    message_template="lookup is large",
    where=Where("lib/gen.py", "Gen.validate", 20),  # another check than the dormant rule's
)


def test_a_dormant_rule_does_not_avoid_errors_on_its_own_keyword() -> None:
    assert not _error_beside(OWN_ERROR, DORMANT)
    assert not _error_beside(PAIR_ERROR, DORMANT)
    assert _error_beside(SIBLING_ERROR, DORMANT)  # beams is a sibling, not the dormant keyword


def test_the_dormant_keyword_is_its_first_field() -> None:
    turned = attrs.evolve(DORMANT, fields={"beams": {">": 1}, "lookup": {"present": True}})
    assert not _error_beside(SIBLING_ERROR, turned)
    assert _error_beside(attrs.evolve(OWN_ERROR, fields={"lookup": {"<=": 0}}), turned)


def test_a_warning_still_avoids_every_error() -> None:
    for error in (OWN_ERROR, PAIR_ERROR, SIBLING_ERROR):
        assert _error_beside(error, WARNING)


def test_an_error_avoids_no_other_error_and_nothing_avoids_a_warning() -> None:
    assert not _error_beside(SIBLING_ERROR, OWN_ERROR)
    assert not _error_beside(WARNING, DORMANT)
    assert not _error_beside(DORMANT, WARNING)


def test_avoided_by_a_dormant_rule() -> None:
    others = [DORMANT, OWN_ERROR, PAIR_ERROR, SIBLING_ERROR, WARNING]
    assert avoided(DORMANT, others) == [SIBLING_ERROR]
    assert avoided(WARNING, others) == [OWN_ERROR, PAIR_ERROR, SIBLING_ERROR]
    elsewhere = candidate({"beams": {"<": 1}}, native_type="Load")
    assert avoided(DORMANT, [DORMANT, elsewhere]) == []
