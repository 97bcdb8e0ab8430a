"""The local runner turns every way an experiment can go wrong into a ``Failed`` with its reason
and log tail, promptly, and leaves no process behind (the ``marker`` fixture checks that)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from llem.experiment.events import Event, Finished, Phase, Progress

from .conftest import RunEcho, wait_for


def test_a_good_run_finishes_and_logs_the_engine_output(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.say=hello-from-the-engine", timeout_s=30, silence_s=10)
    assert isinstance(outcome.result, Finished), outcome.result
    assert Path(outcome.result.result_path).is_file()
    assert any(isinstance(e, Progress) for e in outcome.events)
    assert outcome.events[-1] == outcome.result
    assert outcome.job.log_file is not None
    log = Path(outcome.job.log_file).read_text()
    assert log.count("hello-from-the-engine") == 2  # once from stdout, once from stderr


def test_timeout_kills_a_busy_experiment(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=busy", timeout_s=2, silence_s=1.5)
    assert outcome.failed.message == "timed out after 2 s (execution.timeout_s)"
    assert outcome.failed.exit_code == 1
    assert 2 <= outcome.seconds < 8
    assert any(isinstance(e, Progress) for e in outcome.events)  # busy, never silent


def test_silence_watchdog_stops_a_hung_experiment(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=hang", silence_s=1.5, timeout_s=30)
    assert outcome.failed.message == (
        "no output or progress for 1.5 s (execution.silence_s); the experiment looked hung"
    )
    assert 1.5 <= outcome.seconds < 8
    assert [e.name for e in outcome.events if isinstance(e, Phase)][-1] == "measuring"


def test_log_output_counts_as_activity(run_echo: RunEcho) -> None:
    """An engine that reports nothing but keeps writing its log is not silent: the timeout
    stops it."""
    outcome = run_echo("echo.fail=babble", timeout_s=2.5, silence_s=1.0)
    assert outcome.failed.message == "timed out after 2.5 s (execution.timeout_s)"
    assert "echo: still here (" in outcome.failed.log_tail


def test_without_a_log_file_only_events_count_as_activity(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=babble", timeout_s=10, silence_s=1.0, log=False)
    assert "(execution.silence_s)" in outcome.failed.message
    assert outcome.failed.log_tail == ""


def test_segfault_is_named_with_its_traceback_in_the_log_tail(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=segfault", timeout_s=30)
    failed = outcome.failed
    assert failed.message == "experiment process died without a result (killed by signal SIGSEGV)"
    assert "Fatal Python error: Segmentation fault" in failed.log_tail
    assert "failures.py" in failed.log_tail  # the engine's frame, from faulthandler
    error = json.loads((Path(outcome.job.experiment_dir) / "error.json").read_text())
    assert error["log_tail"] == failed.log_tail


def test_sigkill_is_reported_as_a_likely_out_of_memory_kill(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=oom", timeout_s=30)
    assert outcome.failed.message == (
        "experiment process died without a result (killed by signal SIGKILL — the kernel's"
        " out-of-memory killer does this when memory runs out)"
    )


def test_an_exception_reports_message_traceback_and_log(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=raise", timeout_s=30)
    failed = outcome.failed
    assert failed.message == "RuntimeError: the echo engine failed on purpose (echo.fail=raise)"
    assert "Traceback (most recent call last)" in failed.details
    assert "RuntimeError: the echo engine failed on purpose" in failed.log_tail
    assert outcome.events[-1] == failed  # reported by the experiment itself


def test_without_a_log_file_there_is_no_log_tail(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=raise", log=False)
    assert outcome.failed.log_tail == ""
    assert "Traceback" in outcome.failed.details


def test_timeout_kill_reaches_the_grandchild(run_echo: RunEcho) -> None:
    outcome = run_echo("echo.fail=spawn-child", timeout_s=2.5)
    assert outcome.failed.message == "timed out after 2.5 s (execution.timeout_s)"
    match = re.search(r"echo: grandchild pid (\d+)", outcome.failed.log_tail)
    assert match, outcome.failed.log_tail
    grandchild = int(match.group(1))
    assert wait_for(lambda: not _alive(grandchild), 2), f"grandchild {grandchild} survived"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z" and os.path.exists(f"/proc/{pid}")


def test_an_interrupt_while_relaying_stops_the_experiment_and_propagates(
    run_echo: RunEcho,
) -> None:
    progress: list[Event] = []

    def interrupt_on_second_progress(event: Event) -> None:
        progress.extend([event] if isinstance(event, Progress) else [])
        if len(progress) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_echo("echo.fail=busy", on_event=interrupt_on_second_progress)
    # the marker fixture checks that nothing the experiment started survived
