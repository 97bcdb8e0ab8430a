from __future__ import annotations

import attrs

from llem.records import import_string
from llem_tensorrt import INSTALL_HINT, plugin
from llem_tensorrt.config import TensorrtConfig


def test_registers_one_tensorrt_engine() -> None:
    (spec,) = plugin.llem_register_engines()
    assert (spec.name, spec.config_type, spec.library) == (
        "tensorrt",
        TensorrtConfig,
        "tensorrt-llm",
    )
    assert spec.runtime_modules == ("tensorrt_llm",)
    assert spec.install_hint == INSTALL_HINT and "pypi.nvidia.com" in INSTALL_HINT
    assert spec.runner == "llem_tensorrt.runner:TensorrtRunner"
    assert (spec.rules, spec.schema) == ("llem_tensorrt:rules.yaml", "llem_tensorrt:schema.json")


def test_the_miner_spec_has_no_replayer_until_the_library_can_be_installed() -> None:
    (miners,) = plugin.llem_register_miners()
    assert miners.name == "tensorrt" and miners.replayer is None


def test_one_cuda_image() -> None:
    (image,) = plugin.ENGINE_SPEC.images
    assert (image.variant, image.extra, image.gpus, image.python) == (
        "cuda",
        "runtime",
        True,
        "3.12",
    )


def test_spec_is_a_frozen_record() -> None:
    assert attrs.has(type(plugin.ENGINE_SPEC))
    assert import_string("llem_tensorrt.plugin:ENGINE_SPEC") is plugin.ENGINE_SPEC
