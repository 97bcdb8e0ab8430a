"""The TensorRT-LLM engine for llem.

Importing this package is cheap: tensorrt_llm (and torch) are imported only by
:mod:`llem_tensorrt.runner`, inside the experiment process.
"""

from __future__ import annotations

__version__ = "0.1.0"

ENGINE_NAME = "tensorrt"
INSTALL_HINT = (
    "pip install 'llem-engine-tensorrt[runtime]' --extra-index-url https://pypi.nvidia.com"
)

__all__ = ["ENGINE_NAME", "INSTALL_HINT", "__version__"]
