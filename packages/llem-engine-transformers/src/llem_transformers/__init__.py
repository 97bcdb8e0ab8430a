"""The Hugging Face transformers engine for llem.

Importing this package is cheap: torch and transformers are imported only by
:mod:`llem_transformers.runner`, inside the experiment process.
"""

from __future__ import annotations

__version__ = "0.1.0"

ENGINE_NAME = "transformers"
INSTALL_HINT = "pip install 'llem-engine-transformers[runtime]'"

__all__ = ["ENGINE_NAME", "INSTALL_HINT", "__version__"]
