"""``python -m llem.experiment JOB.json [--events -|FILE]``: run one experiment in this process.

Every runner starts this: the local runner as a child process, the docker runner inside a
container, a cluster job on its node. It reads the job, measures, writes the result files into
the job's experiment folder, and reports events as JSON lines on the channel. Exit status: 0 when
the result was written, else the failure's exit code (1; 2 bad input; 3 wrong environment).
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import traceback
from pathlib import Path
from types import FrameType

import attrs

from llem.errors import EXIT_INTERRUPTED, LlemError
from llem.experiment.channel import STDOUT, EventChannel, open_channel
from llem.experiment.events import Failed, Finished


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m llem.experiment", description="Run one llem experiment job."
    )
    parser.add_argument("job", type=Path, help="the job file (JSON) a runner prepared")
    parser.add_argument(
        "--events", default=STDOUT, help="where events go: - (standard output) or a file"
    )
    return parser.parse_args(argv)


def _failure(error: BaseException) -> Failed:
    if isinstance(error, LlemError):  # a user or environment problem: the message says it all
        return Failed(str(error), "", error.exit_code)
    return Failed(f"{type(error).__name__}: {error}", traceback.format_exc())


class StoppedError(LlemError):
    """The runner stopped the experiment (the host was interrupted, a limit ran out)."""

    exit_code = EXIT_INTERRUPTED


def _stop(_signum: int, _frame: FrameType | None) -> None:
    # Unwinding, rather than dying on the signal, lets the engine library release what it holds
    # (multiprocessing semaphores would otherwise be reported as leaked by its resource tracker).
    raise StoppedError("stopped by the runner (SIGTERM) before the experiment finished")


@attrs.define
class _Run:
    """What is known of the run so far (a failure to read the job leaves ``logged`` unknown)."""

    logged: bool | None = None


def _measure(job_file: Path, channel: EventChannel, run: _Run) -> Finished:
    from llem.config.converter import make_converter
    from llem.experiment.codec import read_job
    from llem.experiment.pin import in_image, require_pinned_library
    from llem.harness.measure import run_experiment
    from llem.logs import configure_logging
    from llem.plugins.host import build_host

    registry = build_host().registry
    job = read_job(job_file, make_converter(registry))
    channel.experiment_dir = job.experiment_dir
    run.logged = job.log_file is not None
    if job.log_settings.verbosity < 1:
        os.environ.setdefault("TQDM_DISABLE", "1")  # library progress bars (GGUF loading)
    configure_logging(job.log_settings.for_log_file() if run.logged else job.log_settings)
    if in_image():
        require_pinned_library(registry.engine(job.config.engine))
    return Finished(str(run_experiment(job, registry, channel.emit)))


def _report(error: BaseException, run: _Run) -> None:
    """A log tells the whole story (the traceback); a terminal gets the message through the
    host. Before the job is read, a problem of ours (an unreadable job) is its message alone."""
    if run.logged or (run.logged is None and not isinstance(error, LlemError)):
        traceback.print_exc(file=sys.stderr)
    elif run.logged is None:
        print(f"error: {error}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    channel = open_channel(arguments.events)
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a segfault leaves a traceback
    signal.signal(signal.SIGTERM, _stop)
    run = _Run()
    try:
        channel.emit(_measure(arguments.job, channel, run))
    except BaseException as error:
        _report(error, run)
        failure = _failure(error)
        channel.emit(failure)
        return failure.exit_code
    finally:
        sys.stderr.flush()
    return 0
