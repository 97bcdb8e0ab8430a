"""A toy engine over :mod:`toy_lib` for the miners' end-to-end tests: its config, its corpus
(one hand rule), its replayer and its miner spec, registered as a real in-process plugin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from llem import hookimpl
from llem.records import EngineSpec, MinerSpec, MineTarget
from llem_miners.replay import Observation


@attrs.frozen
class ToyConfig:
    """The toy engine's section: its parameters pass through to ``toy_lib.Params``."""

    params: dict[str, Any] = attrs.field(factory=dict)


class ToyReplayer:
    """Constructs ``toy_lib.Params`` with the keywords: the real library of this toy engine."""

    library_version = "1.0"

    def replay(self, native_type: str, kwargs: Mapping[str, Any]) -> Observation:
        import warnings

        import toy_lib

        if native_type != "Params":
            raise ValueError(f"unknown native type {native_type!r}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                params = toy_lib.Params(**kwargs)
            except (ValueError, TypeError) as error:
                return Observation(raised=f"{type(error).__name__}: {error}")
        return Observation(warnings=tuple(str(w.message) for w in caught), effect=vars(params))


def make_replayer() -> ToyReplayer:
    return ToyReplayer()


TARGET = MineTarget(native_type="Params", code=("toy_lib:Params.validate",))


class ToyPlugin:
    """Registers the engine and its miner spec, as an engine package's plugin module does."""

    @hookimpl
    def llem_register_engines(self) -> list[EngineSpec]:
        return [EngineSpec(name="toy", config_type=ToyConfig, runner="toy_engine:NoRunner",
                           library="toy-lib", rules="toy_engine:rules.yaml")]  # fmt: skip

    @hookimpl
    def llem_register_miners(self) -> list[MinerSpec]:
        return [MinerSpec(name="toy", library="toy-lib", targets=(TARGET,),
                          replayer="toy_engine:make_replayer")]  # fmt: skip


class ToySourcePlugin(ToyPlugin):
    """The same engine with no replayer, as for a library that cannot be installed: its code is
    mined from a source tree (``--source``), and nothing is replayed."""

    @hookimpl
    def llem_register_miners(self) -> list[MinerSpec]:
        return [MinerSpec(name="toy", library="toy-lib", targets=(TARGET,))]
