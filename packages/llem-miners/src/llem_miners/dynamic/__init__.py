"""The dynamic miner: constructs / calls a native type with boundary values of each keyword
through the engine's replayer and reads off where the library raises, warns or ignores a value."""

from llem_miners.dynamic.facts import NO_DEFAULT, KeywordFacts, ProbeStats
from llem_miners.dynamic.mine import mine_dynamic, mine_dynamic_with_stats

__all__ = ["NO_DEFAULT", "KeywordFacts", "ProbeStats", "mine_dynamic", "mine_dynamic_with_stats"]
