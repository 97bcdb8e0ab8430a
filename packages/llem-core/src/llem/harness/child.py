"""The experiment process's entry point (a spawned child of the host)."""

from __future__ import annotations

import os
import signal
import sys
import traceback
from multiprocessing.queues import Queue
from typing import Any

from llem.errors import LlemError
from llem.harness.group_guard import start_group_guard
from llem.harness.isolation import die_with_host, dump_tracebacks_on_crash, lead_own_group
from llem.harness.log_redirect import redirect_output
from llem.logs import configure_logging
from llem.runners.base import EventHandler, ExperimentJob, Failed, Finished
from llem.runners.process_group import GroupLeader


def _failure(error: BaseException) -> Failed:
    if isinstance(error, LlemError):  # a user or environment problem: the message says it all
        return Failed(str(error), "", error.exit_code)
    return Failed(f"{type(error).__name__}: {error}", traceback.format_exc())


def _isolate(job: ExperimentJob, events: Queue[Any], host_pid: int | None) -> None:
    """Before anything else: own process group (told to the host), death with the host,
    output to the log file, tracebacks on a crash."""
    group = lead_own_group()
    events.put(GroupLeader(group))
    die_with_host(host_pid)
    if group == os.getpid():  # never guard a group we do not own (the host's, a shell's)
        start_group_guard(host_pid)
    if job.log_file is not None:
        redirect_output(job.log_file)
    dump_tracebacks_on_crash()


def _measure(job: ExperimentJob, emit: EventHandler) -> Finished:
    if job.log_settings.verbosity < 1:
        os.environ.setdefault("TQDM_DISABLE", "1")  # library progress bars (GGUF loading)
    configure_logging(job.log_settings)
    from llem.harness.measure import run_experiment
    from llem.plugins.host import build_host

    return Finished(str(run_experiment(job, build_host().registry, emit)))


def child_main(job: ExperimentJob, events: Queue[Any], host_pid: int | None = None) -> None:
    """Run one experiment and report through ``events``. The host owns Ctrl-C: it stops this
    process itself, so SIGINT is ignored here to keep a half-written result from racing it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _isolate(job, events, host_pid)
        events.put(_measure(job, events.put))
    except BaseException as error:
        if job.log_file is not None:  # the log tells the whole story
            traceback.print_exc(file=sys.stderr)
        events.put(_failure(error))
    finally:
        events.close()
        events.join_thread()
