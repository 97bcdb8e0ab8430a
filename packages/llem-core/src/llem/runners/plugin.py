"""Built-in runners, registered like any plugin's."""

from __future__ import annotations

from llem import hookimpl
from llem.records import RunnerSpec


@hookimpl
def llem_register_runners() -> list[RunnerSpec]:
    return [
        RunnerSpec(
            name="local",
            factory="llem.runners.local:LocalRunner",
            description="a fresh spawned Python process on this machine",
        )
    ]
