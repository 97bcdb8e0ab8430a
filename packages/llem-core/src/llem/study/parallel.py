"""Several runs of a study at once, for runners whose experiments run elsewhere (Slurm jobs, on
nodes of their own): at most ``width`` in flight, started in the study's order. The circuit
breaker stops new starts; Ctrl-C cancels every job in flight, waits for them to end and leaves
their runs pending, so ``--resume`` runs them again."""

from __future__ import annotations

import json
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from llem.errors import LlemError
from llem.experiment.events import Event
from llem.runners.base import cancel_job, parallel_runs, split_runner_key
from llem.study.manifest import ConfigRecord, Manifest, RunRecord, StudyStatus
from llem.study.observer import StudyObserver
from llem.study.run_one import RunContext, resolve_record

if TYPE_CHECKING:
    from llem.study.runner import StudyRunner

CANCEL_PASS_S = 1.0
"""While interrupted: how often jobs submitted since the last pass are cancelled."""


def parallel_width(manifest: Manifest, context: RunContext) -> int:
    """How many runs may be in flight: the least any of the study's runners allows (1 when one
    of them runs experiments on this machine, where runs at once would disturb each other)."""
    widths = []
    for record in _one_per_runner_setting(manifest.configs):
        try:
            config = resolve_record(record, context.registry, context.converter).config
        except LlemError:  # the run reports it when its turn comes
            return 1
        widths.append(parallel_runs(config, context.registry))
        if widths[-1] <= 1:
            return 1
    return min(widths, default=1)


def _one_per_runner_setting(configs: list[ConfigRecord]) -> list[ConfigRecord]:
    """A configuration for each distinct runner and runner section (``slurm:``): a sweep of
    1,000 configurations on one runner is resolved once here, not 1,000 times."""
    seen: dict[str, ConfigRecord] = {}
    for record in configs:
        runner = str(record.config.get("runner", "local"))
        section = record.config.get(split_runner_key(runner)[0])
        seen.setdefault(json.dumps([runner, section], sort_keys=True, default=str), record)
    return list(seen.values())


def run_in_parallel(runner: StudyRunner, width: int) -> StudyStatus:
    runner.observer = LockedObserver(runner.observer, runner.lock)
    with ThreadPoolExecutor(width, thread_name_prefix="llem-run") as pool:
        in_flight: set[Future[None]] = set()
        try:
            for run in runner.todo():
                while len(in_flight) >= width:
                    in_flight = _after_one_ends(in_flight)
                if runner.tripped:
                    break
                in_flight.add(pool.submit(runner.run_one, run))
            while in_flight:
                in_flight = _after_one_ends(in_flight)
        except KeyboardInterrupt:
            runner.interrupted.set()
            _cancel_until_ended(runner, in_flight)
            raise
    return runner.final_status()


def _after_one_ends(in_flight: set[Future[None]]) -> set[Future[None]]:
    done, left = wait(in_flight, return_when=FIRST_COMPLETED)
    for future in done:
        future.result()  # a bug in a worker is not swallowed
    return left


def _cancel_until_ended(runner: StudyRunner, in_flight: set[Future[None]]) -> None:
    """Cancel the jobs of runs in flight, again for any submitted meanwhile, until all ended."""
    cancelled: set[str] = set()
    while in_flight:
        for run in runner.manifest.runs:
            if run.status == "running" and run.job and run.job not in cancelled:
                runner_key = str(runner.manifest.config(run.config_id).config.get("runner"))
                cancel_job(run.job, runner_key, runner.context.registry)
                cancelled.add(run.job)
        _, in_flight = wait(in_flight, timeout=CANCEL_PASS_S)


class LockedObserver:
    """Tells the observer one thing at a time (runs report from several threads)."""

    def __init__(self, observer: StudyObserver, lock: threading.RLock) -> None:
        self._observer = observer
        self._lock = lock

    def study_started(self, manifest: Manifest) -> None:
        with self._lock:
            self._observer.study_started(manifest)

    def run_started(self, manifest: Manifest, run: RunRecord) -> None:
        with self._lock:
            self._observer.run_started(manifest, run)

    def run_event(self, event: Event) -> None:
        with self._lock:
            self._observer.run_event(event)

    def run_finished(self, manifest: Manifest, run: RunRecord) -> None:
        with self._lock:
            self._observer.run_finished(manifest, run)

    def waiting(self, seconds: float, reason: str) -> None:
        with self._lock:
            self._observer.waiting(seconds, reason)

    def study_finished(self, manifest: Manifest) -> None:
        with self._lock:
            self._observer.study_finished(manifest)
