"""The vLLM engine for llem.

Importing this package is cheap: vllm (and torch) are imported only by
:mod:`llem_vllm.runner`, inside the experiment process.
"""

from __future__ import annotations

__version__ = "0.1.0"

ENGINE_NAME = "vllm"
INSTALL_HINT = "pip install 'llem-engine-vllm[runtime]' (GPU) or 'llem-engine-vllm[cpu]' (CPU)"

__all__ = ["ENGINE_NAME", "INSTALL_HINT", "__version__"]
