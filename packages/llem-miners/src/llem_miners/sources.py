"""Which miners run, over which targets: ``llem-miners mine --miner static --miner lift ...``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from llem.records import MineTarget
from llem_miners.candidate import MineResult

if TYPE_CHECKING:
    from llem_miners.setup import MiningSetup

MINERS = ("static", "lift", "dynamic")


@attrs.frozen
class MinerSources:
    """The miners to run (a subset of :data:`MINERS`, in that order)."""

    miners: tuple[str, ...] = MINERS

    def mine(
        self, setup: MiningSetup
    ) -> tuple[list[tuple[MineTarget, MineResult]], dict[str, int]]:
        """Each target with what the chosen miners found there; the dynamic miner's probe counts."""
        found: list[tuple[MineTarget, MineResult]] = []
        for target in setup.spec.targets:
            found.append((target, self._static_and_lifts(target)))
        probes: dict[str, int] = {}
        if "dynamic" in self.miners:
            from llem_miners.dynamic_targets import mine_dynamic_targets

            dynamic, probes = mine_dynamic_targets(setup, found)
            found += dynamic
        return found, probes

    def _static_and_lifts(self, target: MineTarget) -> MineResult:
        result = MineResult()
        if "static" in self.miners and target.code:
            from llem_miners.static import mine_static

            result += mine_static(target)
        if "lift" in self.miners and target.models:
            from llem_miners.lifts import lift_models

            result += lift_models(target)
        return result


def chosen(names: Sequence[str]) -> MinerSources:
    """The sources for ``names`` (all miners when empty), kept in :data:`MINERS` order."""
    wanted = set(names) or set(MINERS)
    return MinerSources(tuple(name for name in MINERS if name in wanted))
