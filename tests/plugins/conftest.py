"""Plugin sources the host tests install as fake distributions."""

from collections.abc import Callable
from pathlib import Path

FakeDist = Callable[..., Path]

ENGINE_PLUGIN = """
    import attrs
    from llem import hookimpl
    from llem.records import EngineSpec

    @attrs.frozen
    class Config:
        batch_size: int = 1

    @hookimpl
    def llem_register_engines():
        return [EngineSpec(name="{engine}", config_type=Config, runner="x:y")]
"""
