"""Registers the TensorRT-LLM engine with llem. Imports nothing heavy."""

from __future__ import annotations

from llem import hookimpl
from llem.records import EngineSpec, ImageSpec, MinerSpec, Verification
from llem_tensorrt import ENGINE_NAME, INSTALL_HINT
from llem_tensorrt.config import TensorrtConfig

# Keep in step with engine_versions/tensorrt.yaml (tests/test_engine_versions.py checks).
LIBRARY = "tensorrt-llm"
LIBRARY_VERSION = "1.2.1"
NVIDIA_INDEX = "https://pypi.nvidia.com"
"""Where the real wheel is: PyPI's tensorrt-llm is a placeholder that fetches it from here."""

IMAGES = (
    ImageSpec(
        variant="cuda",
        dockerfile="llem_tensorrt:docker/Dockerfile.cuda",
        pip_args=("--extra-index-url", NVIDIA_INDEX),
        python="3.12",
        gpus=True,
        description=f"tensorrt-llm {LIBRARY_VERSION} from NVIDIA's index; needs the NVIDIA runtime",
    ),
)

ENGINE_SPEC = EngineSpec(
    name=ENGINE_NAME,
    config_type=TensorrtConfig,
    runner="llem_tensorrt.runner:TensorrtRunner",
    runtime_modules=("tensorrt_llm",),
    install_hint=INSTALL_HINT,
    description="TensorRT-LLM (LLM API, PyTorch backend): in-flight batching, streamed tokens.",
    library=LIBRARY,
    rules="llem_tensorrt:rules.yaml",
    schema="llem_tensorrt:schema.json",
    library_version=LIBRARY_VERSION,
    images=IMAGES,
    verification=Verification(
        rules="source-only",
        ran_on=(),
        note="tested only against a fake of its 1.2.1 API",
    ),
)


@hookimpl
def llem_register_engines() -> list[EngineSpec]:
    return [ENGINE_SPEC]


@hookimpl
def llem_register_miners() -> list[MinerSpec]:
    # Records only; llem-miners reads the code it names off a source checkout (--source DIR).
    from llem_tensorrt.mining.spec import MINER_SPEC

    return [MINER_SPEC]
