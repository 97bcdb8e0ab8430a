"""Test helpers for llem plugins (needs pytest).

An engine package runs the engine contract against itself::

    from llem.testing import EngineContract

    class TestMyEngineContract(EngineContract):
        ...  # override the fixtures engine_name, contract_config, contract_model

:mod:`llem.testing.smollm2` runs it on a real model, SmolLM2. An engine package also runs the
suite of its rule corpus (:mod:`llem.testing.rule_corpus`) and checks its config section the way
``llem config validate`` reads it (:mod:`llem.testing.config_cli`).
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite(
    "llem.testing.engine_contract",
    "llem.testing.rule_corpus",
    "llem.testing.config_cli",
    "llem.testing.smollm2",
)

from llem.testing.engine_contract import (  # noqa: E402
    CONTRACT_PROMPTS,
    EngineContract,
    RegisteredEngine,
    find_registered_engine,
)

__all__ = ["CONTRACT_PROMPTS", "EngineContract", "RegisteredEngine", "find_registered_engine"]
