"""Run a study's pending runs in order, checkpointing the manifest after every change."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import attrs

from llem.experiment.events import Event, Submitted
from llem.results.files import RESULT_FILE
from llem.study.lock import study_lock
from llem.study.manifest import Manifest, RunRecord, StudyStatus, utc_now
from llem.study.manifest_io import read_manifest, write_manifest
from llem.study.observer import StudyObserver
from llem.study.parallel import parallel_width, run_in_parallel
from llem.study.reconcile import clear_run_dir, reconcile, settle
from llem.study.run_one import FollowRun, RunContext, left_job, run_once
from llem.study.signals import sigterm_as_interrupt


class StudyRunner:
    """Runs what is left of a study. ``retry_failed``: failed runs run again too."""

    def __init__(
        self,
        manifest: Manifest,
        context: RunContext,
        observer: StudyObserver,
        *,
        retry_failed: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.manifest = manifest
        self.context = context
        self.observer = observer
        self.retry_failed = retry_failed
        self.sleep = sleep
        self.consecutive_failures = 0
        self.previous: RunRecord | None = None
        self.lock = threading.RLock()
        """Held while the manifest changes (runs may finish on several threads at once)."""
        self.interrupted = threading.Event()
        """Set by Ctrl-C when runs are in flight on other threads (:mod:`llem.study.parallel`)."""

    @property
    def study_dir(self) -> Path:
        return self.context.study_dir

    def run(self) -> Manifest:
        """Until every run is done or the circuit breaker trips; on Ctrl-C (or SIGTERM) the
        manifest is saved as interrupted and ``KeyboardInterrupt`` propagates."""
        with study_lock(self.study_dir), sigterm_as_interrupt():
            # What was read before the lock may be stale: a host that held it may have finished
            # runs since, and running them again would delete their results.
            self.manifest = read_manifest(self.study_dir)
            self._save(reconcile(self.manifest, self.study_dir).with_status("running"))
            self.observer.study_started(self.manifest)
            try:
                status = self._run_all()  # before reading self.manifest: it moves on
                self._save(self.manifest.with_status(status))
            except KeyboardInterrupt:
                self._save(self.manifest.with_status("interrupted"))
                raise
            finally:
                self.observer.study_finished(self.manifest)
        return self.manifest

    def _run_all(self) -> StudyStatus:
        width = parallel_width(self.manifest, self.context)
        if width > 1:
            return run_in_parallel(self, width)
        for run in self.todo():
            if self.tripped:
                return "stopped"
            self._gap_before(run)
            self.run_one(run)
        return self.final_status()

    @property
    def tripped(self) -> bool:
        """The circuit breaker: too many failures in a row to go on."""
        return self.consecutive_failures >= self.context.execution.max_consecutive_failures

    def todo(self) -> Iterator[RunRecord]:
        wanted = {"pending", "failed"} if self.retry_failed else {"pending"}
        for known in list(self.manifest.runs):
            current = next(run for run in self.manifest.runs if run.id == known.id)
            if current.status in wanted:
                yield current

    def run_one(self, run: RunRecord) -> None:
        record = self.manifest.config(run.config_id)
        follow = left_job(run, record, self.context)
        if follow is not None:  # a killed host's job still queued or running: the same attempt
            self._attempt(attrs.evolve(run, status="running"), follow)
            return
        clear_run_dir(self.study_dir, run)
        started = attrs.evolve(
            run,
            status="running",
            attempts=run.attempts + 1,
            started_at=utc_now(),
            finished_at=None,
            duration_s=None,
            error=None,
            job=None,
        )
        self._attempt(started, partial(run_once, started, record, self.context))

    def _attempt(self, started: RunRecord, work: FollowRun) -> None:
        self._update(started)
        self.observer.run_started(self.manifest, started)
        result = self.study_dir / started.dir / RESULT_FILE
        try:
            done = work(partial(self._relay, started.id))
        except KeyboardInterrupt:
            # The experiment may have written its result just before the interrupt: keep it.
            self._update(settle(self.current(started.id), result))
            raise
        if self.interrupted.is_set():  # its job was cancelled by Ctrl-C: it runs again
            self._update(settle(self.current(started.id), result))
            return
        with self.lock:
            done = self._update(attrs.evolve(done, job=self.current(started.id).job))
            failed = done.status == "failed"
            self.consecutive_failures = self.consecutive_failures + 1 if failed else 0
            self.previous = done
            self.observer.run_finished(self.manifest, done)

    def _relay(self, run_id: str, event: Event) -> None:
        if isinstance(event, Submitted):  # saved at once: a killed host's resume follows it
            self._update(attrs.evolve(self.current(run_id), job=event.job))
        self.observer.run_event(event)

    def current(self, run_id: str) -> RunRecord:
        """The run as the manifest holds it now."""
        return next(run for run in self.manifest.runs if run.id == run_id)

    def _gap_before(self, run: RunRecord) -> None:
        if self.previous is None:
            return
        execution = self.context.execution
        new_cycle = run.cycle > self.previous.cycle and execution.order != "sequential"
        seconds, reason = (
            (execution.cycle_gap_s, "between cycles")
            if new_cycle
            else (execution.gap_s, "between experiments")
        )
        if seconds > 0:
            self.observer.waiting(seconds, reason)
            self.sleep(seconds)

    def final_status(self) -> StudyStatus:
        if self.manifest.count("pending") or self.manifest.count("running"):
            return "stopped"
        if self.manifest.count("completed") == 0 and self.manifest.runs:
            return "failed"
        return "completed"

    def _update(self, run: RunRecord) -> RunRecord:
        with self.lock:
            self._save(self.manifest.with_run(run))
        return run

    def _save(self, manifest: Manifest) -> None:
        with self.lock:
            self.manifest = manifest
            write_manifest(self.study_dir, manifest)
