"""On the node, for ``runner: slurm:docker`` (``slurm:RUNNER``): the job runs the experiment
through another runner there (the engine's image under ``docker``), writing that runner's
events to the file the host tails, as ``python -m llem.experiment --events FILE`` would."""

from __future__ import annotations

from pathlib import Path

import attrs

from llem.config.converter import make_converter
from llem.errors import LlemError
from llem.experiment.codec import read_job
from llem.experiment.events import Event, Failed, Finished, encode_event
from llem.plugins.host import build_host
from llem.runners.base import make_runner
from llem.study.signals import sigterm_as_interrupt


def run_through(runner_key: str, job_file: Path, events_file: Path, log_file: str) -> int:
    """The experiment's exit status (0 when it finished); every event, the outcome last, is
    appended to ``events_file``."""
    registry = build_host().registry
    job = read_job(job_file, make_converter(registry))
    job = attrs.evolve(job, log_file=log_file)
    sent: list[Event] = []
    with open(events_file, "a", encoding="utf-8") as channel:

        def send(event: Event) -> None:
            channel.write(encode_event(event, job.experiment_dir) + "\n")
            channel.flush()
            sent.append(event)

        try:
            with sigterm_as_interrupt():  # scancel: the runner removes what it started
                outcome = make_runner(runner_key, registry).run(job, send)
        except LlemError as error:  # e.g. the image is not on this node
            outcome = Failed(f"on the node: {error}", exit_code=error.exit_code)
        if not sent or sent[-1] != outcome:
            send(outcome)  # the runner reports only what the experiment reported itself
    return 0 if isinstance(outcome, Finished) else 1
