from __future__ import annotations

import attrs

from llem.records import import_string
from llem_transformers import INSTALL_HINT, plugin
from llem_transformers.config import TransformersConfig


def test_registers_one_transformers_engine() -> None:
    (spec,) = plugin.llem_register_engines()
    assert spec.name == "transformers"
    assert spec.config_type is TransformersConfig
    assert spec.runtime_modules == ("torch", "transformers")
    assert spec.install_hint == INSTALL_HINT
    assert spec.library == "transformers"


def test_runner_string_names_a_module_and_a_class() -> None:
    (spec,) = plugin.llem_register_engines()
    module, _, attribute = spec.runner.partition(":")
    assert module == "llem_transformers.runner" and attribute == "TransformersRunner"


def test_spec_is_a_frozen_record() -> None:
    (spec,) = plugin.llem_register_engines()
    assert attrs.has(type(spec))
    assert import_string("llem_transformers.plugin:ENGINE_SPEC") is spec
