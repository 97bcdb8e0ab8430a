"""Registers the transformers engine with llem. Imports nothing heavy."""

from __future__ import annotations

from llem import hookimpl
from llem.records import EngineSpec, ImageSpec, MinerSpec, Verification
from llem_transformers import ENGINE_NAME, INSTALL_HINT
from llem_transformers.config import TransformersConfig

# Keep in step with engine_versions/transformers.yaml (tests/test_engine_versions.py checks).
LIBRARY_VERSION = "5.23.0"
TORCH_VERSION = "2.13.0"

IMAGES = (
    ImageSpec(
        variant="cpu",
        dockerfile="llem_transformers:docker/Dockerfile.cpu",
        requirements=(f"torch=={TORCH_VERSION}",),
        pip_args=("--extra-index-url", "https://download.pytorch.org/whl/cpu"),
        python="3.11",
        description="CPU-only torch (the +cpu build from PyTorch's CPU index)",
    ),
    ImageSpec(
        variant="cuda",
        dockerfile="llem_transformers:docker/Dockerfile.cuda",
        # `===`: exactly the upstream build; `==` would also take a local +cpu build (and pip
        # prefers it), e.g. from a CPU index or wheel folder in the host's pip configuration.
        requirements=(f"torch==={TORCH_VERSION}",),
        python="3.11",
        gpus=True,
        description="torch with CUDA (its CUDA libraries as wheels); needs the NVIDIA runtime",
    ),
)

ENGINE_SPEC = EngineSpec(
    name=ENGINE_NAME,
    config_type=TransformersConfig,
    runner="llem_transformers.runner:TransformersRunner",
    runtime_modules=("torch", "transformers"),
    install_hint=INSTALL_HINT,
    description="Hugging Face transformers (PyTorch): static batches with model.generate.",
    library="transformers",
    rules="llem_transformers:rules.yaml",
    schema="llem_transformers:schema.json",
    library_version=LIBRARY_VERSION,
    images=IMAGES,
    verification=Verification(
        rules="replayed",
        ran_on=("cpu",),
        note="CPU torch in CI; the GPU path has not yet run on a GPU (docs/validation.md)",
    ),
)


@hookimpl
def llem_register_engines() -> list[EngineSpec]:
    return [ENGINE_SPEC]


@hookimpl
def llem_register_miners() -> list[MinerSpec]:
    # The spec is records only; what it names is imported by llem-miners alone.
    from llem_transformers.mining.spec import MINER_SPEC

    return [MINER_SPEC]
