"""The experiment process's entry point (a spawned child of the host)."""

from __future__ import annotations

import os
import signal
import traceback
from multiprocessing.queues import Queue
from typing import Any

from llem.errors import LlemError
from llem.logs import configure_logging
from llem.runners.base import Event, ExperimentJob, Failed, Finished


def _failure(error: BaseException) -> Failed:
    if isinstance(error, LlemError):  # a user or environment problem: the message says it all
        return Failed(str(error), "", error.exit_code)
    return Failed(f"{type(error).__name__}: {error}", traceback.format_exc())


def child_main(job: ExperimentJob, events: Queue[Any]) -> None:
    """Run one experiment and report through ``events``. The host owns Ctrl-C: it stops this
    process itself, so SIGINT is ignored here to keep a half-written result from racing it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if job.log_settings.verbosity < 1:
        os.environ.setdefault("TQDM_DISABLE", "1")  # library progress bars (GGUF loading)
    configure_logging(job.log_settings)

    def emit(event: Event) -> None:
        events.put(event)

    try:
        from llem.harness.measure import run_experiment
        from llem.plugins.host import build_host

        emit(Finished(str(run_experiment(job, build_host().registry, emit))))
    except BaseException as error:
        emit(_failure(error))
    finally:
        events.close()
        events.join_thread()
