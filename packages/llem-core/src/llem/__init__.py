"""llem: measure what an LLM deployment choice costs.

Plugins write ``from llem import hookimpl``; nothing heavy is imported here.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

PROJECT_NAME = "llem"
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PROJECT_NAME", "__version__", "hookimpl"]
