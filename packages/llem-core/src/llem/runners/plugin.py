"""Built-in runners, registered like any plugin's."""

from __future__ import annotations

from llem import hookimpl
from llem.records import RunnerSpec


@hookimpl
def llem_register_runners() -> list[RunnerSpec]:
    return [
        RunnerSpec(
            name="local",
            factory="llem.runners.local.runner:LocalRunner",
            description="a fresh Python process here (needs the engine's runtime installed)",
        ),
        RunnerSpec(
            name="docker",
            factory="llem.runners.docker.runner:DockerRunner",
            description="a container of the engine's image (llem image build); docker:cpu,"
            " docker:cuda or docker:IMAGE choose the image",
        ),
        RunnerSpec(
            name="slurm",
            factory="llem.runners.slurm.runner:SlurmRunner",
            description="a Slurm job per experiment (llem-core[slurm]; slurm: settings)",
        ),
    ]
