"""Numbers of the other numeric type: ``2`` where a float is declared, ``2.0`` where an int is."""

from __future__ import annotations

from typing import Any

from llem_miners.candidate import Where
from llem_miners.dynamic import KeywordFacts, mine_dynamic_with_stats
from llem_miners.dynamic.cross import cross_type_finding
from llem_miners.dynamic.series import probe_keyword

WHERE = Where("synthlib.py", "SynthTyped.__init__")
KEYWORDS = {
    "penalty": KeywordFacts("float", None, library_default=1.0),
    "beams": KeywordFacts("int", None, library_default=1),
    "scale": KeywordFacts("float", None, library_default=1.0),
}


def _typed_rules(replayer: Any) -> dict[str, dict[str, Any]]:
    result, _ = mine_dynamic_with_stats("SynthTyped", replayer, KEYWORDS, where=WHERE)
    return {
        key: dict(spec)
        for candidate in result.candidates
        for key, spec in candidate.fields.items()
        if isinstance(spec, dict) and spec.get("type_is") in ("int", "float")
    }


def test_an_int_for_a_float_and_a_float_for_an_int_are_rules(replayer: Any) -> None:
    rules = _typed_rules(replayer)
    # 1 is the default: the check never runs; every other int raises (0 and -1 as floats do).
    assert rules["penalty"] == {"type_is": "int", "!=": 1}
    assert rules["beams"] == {"type_is": "float"}
    assert "scale" not in rules  # either type works: no rule


def test_a_type_that_only_repeats_the_declared_types_errors_is_no_rule(replayer: Any) -> None:
    """Ints at or below 0 raise for ``penalty`` as the floats do: they say nothing of the type;
    a rule needs a value whose declared-type twin did not raise."""
    baseline = replayer.replay("SynthTyped", {})
    facts = KeywordFacts("float", None, library_default=1.0)
    series = probe_keyword(replayer, "SynthTyped", "penalty", facts, baseline, 20)
    finding, replays = cross_type_finding(replayer, "SynthTyped", series, baseline)
    assert replays == 4 and finding is not None
    assert finding.observed[0] == {"penalty": 1000}  # the first whose float twin was accepted
    assert finding.template == "`penalty` has to be a strictly positive float, but is {penalty}"
    unknown = KeywordFacts(None, None)
    untyped = probe_keyword(replayer, "SynthTyped", "penalty", unknown, baseline, 20)
    assert cross_type_finding(replayer, "SynthTyped", untyped, baseline) == (None, 0)
