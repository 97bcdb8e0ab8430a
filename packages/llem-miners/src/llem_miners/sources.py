"""Which miners run, over which targets: ``llem-miners mine --miner static --miner lift ...``.

With a source tree (``--source DIR``: the library's sources, for a library that cannot be
installed here) the static miner and the pydantic lift read the tree without importing it; the
dynamic miner needs the library itself and does not run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from llem.records import MineTarget
from llem_miners.candidate import MineResult

if TYPE_CHECKING:
    from llem_miners.setup import MiningSetup

MINERS = ("static", "lift", "dynamic")


@attrs.frozen
class MinerSources:
    """The miners to run (a subset of :data:`MINERS`, in that order); ``source_root``: read the
    library's code and models from this source tree instead of importing it."""

    miners: tuple[str, ...] = MINERS
    source_root: Path | None = None

    def mine(
        self, setup: MiningSetup
    ) -> tuple[list[tuple[MineTarget, MineResult]], dict[str, int]]:
        """Each target with what the chosen miners found there; the dynamic miner's probe counts."""
        found: list[tuple[MineTarget, MineResult]] = []
        for target in setup.spec.targets:
            found.append((target, self._static_and_lifts(target)))
        probes: dict[str, int] = {}
        if "dynamic" in self.miners and self.source_root is None and setup.replayer is not None:
            from llem_miners.dynamic_targets import mine_dynamic_targets

            dynamic, probes = mine_dynamic_targets(setup, found)
            found += dynamic
        return found, probes

    def _static_and_lifts(self, target: MineTarget) -> MineResult:
        result = MineResult()
        if "static" in self.miners and target.code:
            from llem_miners.static import mine_static

            result += mine_static(target, self.source_root)
        if "lift" in self.miners and target.models:
            result += self._lifts(target)
        return result

    def _lifts(self, target: MineTarget) -> MineResult:
        from llem_miners.lifts import lift_models

        return lift_models(target, self.source_root)


def chosen(names: Sequence[str], source_root: Path | None = None) -> MinerSources:
    """The sources for ``names`` (all miners when empty), kept in :data:`MINERS` order."""
    wanted = set(names) or set(MINERS)
    return MinerSources(tuple(name for name in MINERS if name in wanted), source_root)
