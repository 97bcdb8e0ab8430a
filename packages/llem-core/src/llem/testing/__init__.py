"""Test helpers for llem plugins (needs pytest).

An engine package runs the engine contract against itself::

    from llem.testing import EngineContract

    class TestMyEngineContract(EngineContract):
        ...  # override the fixtures engine_name, contract_config, contract_model
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("llem.testing.engine_contract")

from llem.testing.engine_contract import (  # noqa: E402
    CONTRACT_PROMPTS,
    EngineContract,
    RegisteredEngine,
    find_registered_engine,
)

__all__ = ["CONTRACT_PROMPTS", "EngineContract", "RegisteredEngine", "find_registered_engine"]
