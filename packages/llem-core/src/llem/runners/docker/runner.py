"""The ``docker`` runner: ``python -m llem.experiment`` inside the engine's image.

Before anything is created, :meth:`DockerRunner.preflight` checks the daemon answers and the
image exists and matches the installed llem and plugin (labels: versions, config schema, source
digest), and removes containers whose host died. Every path out of :meth:`DockerRunner.run`
removes the container; a reaper process removes it when the host itself is killed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import attrs

from llem.config.converter import make_converter
from llem.config.models import ExperimentConfig
from llem.experiment.codec import write_job
from llem.experiment.events import EventHandler, Failed, Finished
from llem.experiment.job import JOB_FILE, ExperimentJob, JobRunner
from llem.images.daemon import docker_client
from llem.images.find import FoundImage
from llem.runners.base import RunnerRequest
from llem.runners.docker.container import split_output, start_container
from llem.runners.docker.image_choice import choose_image, wants_gpus
from llem.runners.docker.labels import OWNER, container_labels
from llem.runners.docker.orphans import remove_orphans
from llem.runners.docker.plan import ensure_sources, plan_container
from llem.runners.docker.reaper import release_reaper, start_reaper
from llem.runners.event_stream import EventStream
from llem.runners.local.spawn import child_environment
from llem.runners.relay import relay_experiment
from llem.runners.stray import stray_output


class DockerRunner:
    def __init__(self, request: RunnerRequest) -> None:
        self._registry = request.registry
        self._argument = request.argument or None

    def preflight(self, config: ExperimentConfig) -> None:
        remove_orphans(docker_client())
        self._image(config)

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        client = docker_client()
        image = self._image(job.config)
        job = attrs.evolve(job, runner=_in_image(job.runner, image))
        plan = plan_container(job, wants_gpus(image), os.environ)
        ensure_sources(plan)
        write_job(Path(job.experiment_dir) / JOB_FILE, plan.job, make_converter(self._registry))
        labels = container_labels(plan.host_experiment_dir)
        reaper = start_reaper(labels[OWNER], child_environment())
        try:
            container = start_container(client, plan, image.id, labels)
        except BaseException:
            _release(reaper)
            raise
        try:
            chunks = split_output(container.output(), _log_writer(job.log_file))
            stream = EventStream(chunks, job.experiment_dir, stray_output(job.log_file)).start()
            return relay_experiment(job, container, stream, on_event)
        finally:
            container.remove()
            _release(reaper)

    def _image(self, config: ExperimentConfig) -> FoundImage:
        return choose_image(self._registry, config.engine, self._argument, _has_gpu())


def _in_image(outer: JobRunner, image: FoundImage) -> JobRunner:
    """The image's record; what a runner that started this one on its node (``slurm:docker``)
    recorded of where it runs is kept beside it."""
    labels = {**outer.image_labels, **image.labels}
    return JobRunner("docker", image.name, image.id, labels, outer.warnings)


def _log_writer(log_file: str | None) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        if log_file is None:
            sys.stderr.buffer.write(data)
            sys.stderr.flush()
            return
        with open(log_file, "ab") as log:
            log.write(data)

    return write


def _has_gpu() -> bool:
    """Whether NVML sees a GPU on this host (which variant ``docker`` picks)."""
    from llem.energy.nvml_support import nvml_session

    # no NVML library, no driver or no GPU all mean: no GPU
    with contextlib.suppress(Exception), nvml_session(None) as nvml:
        return int(nvml.nvmlDeviceGetCount()) > 0
    return False


def _release(reaper: subprocess.Popen[bytes] | None) -> None:
    if reaper is not None:
        release_reaper(reaper)
