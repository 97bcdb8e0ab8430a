"""What a study tells whoever watches it (the CLI's progress display, a test)."""

from __future__ import annotations

from typing import Protocol

from llem.experiment.events import Event
from llem.study.manifest import Manifest, RunRecord


class StudyObserver(Protocol):
    def study_started(self, manifest: Manifest) -> None: ...

    def run_started(self, manifest: Manifest, run: RunRecord) -> None: ...

    def run_event(self, event: Event) -> None: ...

    def run_finished(self, manifest: Manifest, run: RunRecord) -> None: ...

    def waiting(self, seconds: float, reason: str) -> None: ...

    def study_finished(self, manifest: Manifest) -> None: ...


class SilentObserver:
    """Watches nothing (library use, tests that only read the manifest)."""

    def study_started(self, manifest: Manifest) -> None:
        pass

    def run_started(self, manifest: Manifest, run: RunRecord) -> None:
        pass

    def run_event(self, event: Event) -> None:
        pass

    def run_finished(self, manifest: Manifest, run: RunRecord) -> None:
        pass

    def waiting(self, seconds: float, reason: str) -> None:
        pass

    def study_finished(self, manifest: Manifest) -> None:
        pass
