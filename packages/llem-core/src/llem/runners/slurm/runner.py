"""The ``slurm`` runner: ``python -m llem.experiment`` as a Slurm job (``runner: slurm``).

The host is the coordinator: it writes the job file into the experiment folder (on a file system
the nodes share), submits the job through submitit, waits while it is queued, then relays the
events the job appends to ``slurm/events.jsonl``. A job that ends without its experiment
reporting (cancelled, past its time limit, killed for memory, its node lost) fails with Slurm's
state and reason. Every path out of :meth:`SlurmRunner.run` leaves the job ended (scancel).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import attrs

from llem.config.converter import make_converter
from llem.config.models import ExperimentConfig
from llem.errors import RuntimeMissingError, UsageError
from llem.experiment.codec import read_job, write_job
from llem.experiment.events import EventHandler, Failed, Finished, Phase, Submitted
from llem.experiment.job import JOB_FILE, ExperimentJob, JobRunner
from llem.plugins.registry import Registry
from llem.runners.base import FollowJob, RunnerRequest, split_runner_key
from llem.runners.event_stream import EventStream
from llem.runners.relay import relay_experiment
from llem.runners.slurm.accounting import (
    ENDED_WITHOUT_REPORT,
    PENDING_STATES,
    RUNNING_STATES,
    failure_message,
    live_jobs_with_comment,
)
from llem.runners.slurm.handle import SlurmJobHandle, tail_events
from llem.runners.slurm.node import run_on_node
from llem.runners.slurm.submission import executor_parameters, require_submitit, submit
from llem.runners.stray import stray_output

SLURM_DIR = "slurm"
"""In the experiment folder: submitit's files, the job's events, its id."""
EVENTS_FILE = "events.jsonl"
JOB_ID_FILE = "job_id"
CANCEL_POLL_S = 0.5
SLURM_FAILURES = frozenset(ENDED_WITHOUT_REPORT) - {"COMPLETED", "FAILED"}
"""Ends that Slurm imposed: the experiment's own report (``stopped by SIGTERM``) says less."""


class SlurmRunner:
    def __init__(self, request: RunnerRequest) -> None:
        self._registry = request.registry
        self._through = request.argument or None
        """``slurm:docker:cpu``: on the node, the job runs the experiment through ``docker:cpu``."""
        if self._through is not None:
            _check_node_runner(self._through, request.registry)

    def preflight(self, config: ExperimentConfig) -> None:
        """submitit is installed, Slurm answers, and the partition asked for exists."""
        require_submitit()
        partitions = _partitions()
        wanted = config.slurm.partition
        if wanted is not None and wanted not in partitions:
            known = ", ".join(sorted(partitions)) or "none"
            raise UsageError(f"slurm.partition: no partition '{wanted}' (this cluster has {known})")

    def run(self, job: ExperimentJob, on_event: EventHandler) -> Finished | Failed:
        job = attrs.evolve(job, runner=JobRunner("slurm"))
        folder = Path(job.experiment_dir) / SLURM_DIR
        folder.mkdir(parents=True, exist_ok=True)
        write_job(Path(job.experiment_dir) / JOB_FILE, job, make_converter(self._registry))
        (folder / EVENTS_FILE).touch()
        # the host watches the job's log (silence, a failure's tail) even when it has none
        watched = attrs.evolve(job, log_file=job.log_file or str(folder / "experiment.log"))
        handle = SlurmJobHandle(self._submit(watched, folder), job.config.slurm.poll_interval_s)
        try:
            (folder / JOB_ID_FILE).write_text(handle.job_id + "\n", encoding="utf-8")
            on_event(Submitted(f"slurm:{handle.job_id}"))
            return self._follow(watched, handle, folder / EVENTS_FILE, on_event)
        finally:
            handle.ended.set()

    def parallel_runs(self, config: ExperimentConfig) -> int:
        return config.slurm.array_parallelism

    def cancel(self, job: str) -> None:
        name, _, job_id = job.partition(":")
        if name == "slurm" and job_id:
            SlurmJobHandle(job_id, CANCEL_POLL_S).stop()

    def attach(self, experiment_dir: str, job: str) -> FollowJob | None:
        """Follow a job a killed host left queued or running (``--resume`` of a study)."""
        name, _, job_id = job.partition(":")
        job_file = Path(experiment_dir) / JOB_FILE
        events = Path(experiment_dir) / SLURM_DIR / EVENTS_FILE
        if name != "slurm" or not job_id or not job_file.is_file() or not events.is_file():
            return None
        submitted = read_job(job_file, make_converter(self._registry))
        handle = SlurmJobHandle(job_id, submitted.config.slurm.poll_interval_s)
        if handle.state().state not in PENDING_STATES | RUNNING_STATES:
            return None
        log_file = submitted.log_file or str(events.parent / "experiment.log")
        watched = attrs.evolve(submitted, log_file=log_file)

        def follow(on_event: EventHandler) -> Finished | Failed:
            on_event(Phase("reattached", f"Slurm job {job_id}, left running by a stopped host"))
            try:
                return self._follow(watched, handle, events, on_event)
            finally:
                handle.ended.set()

        return follow

    def _submit(self, job: ExperimentJob, folder: Path) -> str:
        """Submit the job (after ending any left writing its folder); its id."""
        assert job.log_file is not None  # set by run
        parameters = executor_parameters(job.config.slurm, job.limits, job.name)
        parameters["comment"] = folder_mark(job.experiment_dir)
        cancel_stale_jobs(parameters["comment"], job.config.slurm.poll_interval_s)
        pythonpath = os.pathsep.join(entry for entry in sys.path if entry)
        job_file, events = Path(job.experiment_dir) / JOB_FILE, folder / EVENTS_FILE
        arguments = (str(job_file), str(events), job.log_file, pythonpath, self._through)
        return submit(folder, parameters, run_on_node, *arguments)

    def _follow(
        self, job: ExperimentJob, handle: SlurmJobHandle, events: Path, on_event: EventHandler
    ) -> Finished | Failed:
        on_event(Phase("queued", f"Slurm job {handle.job_id}"))
        try:
            handle.wait_until_started()
        except BaseException:
            handle.stop()
            raise
        chunks = tail_events(events, handle.ended, handle.poll_interval_s)
        stream = EventStream(chunks, job.experiment_dir, stray_output(job.log_file)).start()
        outcome = relay_experiment(job, handle, stream, on_event)
        return _with_slurm_reason(outcome, handle)


def folder_mark(experiment_dir: str) -> str:
    """The job's ``--comment``: which experiment folder it writes (a digest: no quoting)."""
    digest = hashlib.sha256(os.path.realpath(experiment_dir).encode()).hexdigest()[:20]
    return f"llem-{digest}"


def cancel_stale_jobs(mark: str, poll_interval_s: float) -> None:
    """A job still writing this folder was left by a coordinator that was killed (SIGKILL, a
    power cut) before a resume cleared the folder: it is cancelled, and has ended, before this
    attempt is submitted, so that no two jobs ever write one run's folder."""
    for job_id in live_jobs_with_comment(mark):
        SlurmJobHandle(job_id, poll_interval_s).stop()


def _with_slurm_reason(outcome: Finished | Failed, handle: SlurmJobHandle) -> Finished | Failed:
    """A failure Slurm caused (scancel, time limit, memory, node) is reported in its words."""
    if isinstance(outcome, Finished) or outcome.message.startswith("Slurm job"):
        return outcome
    ended = handle.final_state()
    if ended.state not in SLURM_FAILURES:
        return outcome
    message = f"{failure_message(handle.job_id, ended)}: {outcome.message}"
    return attrs.evolve(outcome, message=message)


def _check_node_runner(key: str, registry: Registry) -> None:
    """``slurm:RUNNER``: a runner there is, other than slurm. Its own checks (an image present)
    can only be made on the node: a failure there is the run's, in its words."""
    name, _ = split_runner_key(key)
    if name == "slurm" or name not in registry.runners:
        known = ", ".join(sorted(set(registry.runners) - {"slurm", "local"}))
        raise UsageError(
            f"runner 'slurm:{key}': after 'slurm:' comes the runner the job uses on its node "
            f"({known}; e.g. slurm:docker:cpu), not '{name}'"
        )


def _partitions() -> set[str]:
    if shutil.which("sinfo") is None:
        raise RuntimeMissingError("the slurm runner needs Slurm's commands here (sinfo not found)")
    started = time.monotonic()
    result = subprocess.run(
        ["sinfo", "-h", "-o", "%R"], capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        waited = time.monotonic() - started
        raise RuntimeMissingError(
            f"Slurm does not answer (sinfo, {waited:.0f} s): {result.stderr.strip()}"
        )
    return set(result.stdout.split())
