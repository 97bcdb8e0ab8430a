"""manifest.json: written atomically, read back equal; reconciled after a hard stop; locked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from llem.config.converter import make_converter
from llem.errors import UsageError
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.study.eta import study_eta
from llem.study.execution import ExecutionConfig
from llem.study.lock import _still_the_lock_file, study_lock
from llem.study.manifest import Manifest, RunRecord
from llem.study.manifest_io import read_manifest, write_manifest
from llem.study.observer import SilentObserver
from llem.study.reconcile import clear_run_dir, reconcile
from llem.study.run_one import RunContext
from llem.study.runner import StudyRunner

from .manifest_factory import manifest


def test_round_trip(tmp_path: Path) -> None:
    original = manifest()
    write_manifest(tmp_path, original)
    assert read_manifest(tmp_path) == original
    assert json.loads((tmp_path / "manifest.json").read_text())["runs"][0]["status"] == "pending"
    assert not list(tmp_path.glob(".manifest.json.*"))


def test_not_a_study_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a study folder"):
        read_manifest(tmp_path)


def test_unreadable_manifest_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(UsageError, match=r"manifest\.json: cannot read"):
        read_manifest(tmp_path)


def _running(tmp_path: Path, index: int):  # type: ignore[no-untyped-def]
    known = manifest()
    run = attrs.evolve(known.runs[index], status="running", attempts=1)
    return known.with_run(run), run


def test_a_running_run_with_a_result_is_completed(tmp_path: Path) -> None:
    known, run = _running(tmp_path, 0)
    (tmp_path / run.dir).mkdir(parents=True)
    (tmp_path / run.dir / "result.json").write_text('{"schema_version": "2"}')
    settled = reconcile(known, tmp_path)
    assert settled.runs[0].status == "completed"
    assert settled.runs[0].finished_at is not None


def test_a_running_run_without_a_result_runs_again(tmp_path: Path) -> None:
    known, run = _running(tmp_path, 1)
    (tmp_path / run.dir).mkdir(parents=True)
    (tmp_path / run.dir / "result.json").write_text('{"torn')
    settled = reconcile(known, tmp_path)
    assert settled.runs[1].status == "pending"
    clear_run_dir(tmp_path, settled.runs[1])
    assert not (tmp_path / run.dir).exists()


def test_a_failed_attempt_is_kept_aside(tmp_path: Path) -> None:
    run = attrs.evolve(manifest().runs[0], status="failed", attempts=1)
    (tmp_path / run.dir).mkdir(parents=True)
    clear_run_dir(tmp_path, run)
    assert (tmp_path / f"{run.dir}.attempt1").is_dir()
    assert not (tmp_path / run.dir).exists()


def test_eta_unknown_then_from_finished_runs() -> None:
    known = manifest()
    assert study_eta(known) is None
    done = attrs.evolve(known.runs[0], status="completed", duration_s=10.0)
    eta = study_eta(known.with_run(done))
    # three runs left: c001-2 at c001's 10 s, the two c002 runs at the overall mean, plus 2 s gaps
    assert eta == pytest.approx(3 * (10.0 + 2.0))


def test_lock_refuses_a_second_process(tmp_path: Path) -> None:
    holder = (
        "import sys, time; from pathlib import Path; from llem.study.lock import study_lock\n"
        "with study_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)\n"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", holder, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "held"
        refused = pytest.raises(UsageError, match=rf"another llem process \(pid {other.pid}\)")
        with refused, study_lock(tmp_path):
            pass
    finally:
        other.kill()
        other.wait()
    with study_lock(tmp_path):  # released by the holder's death, even a kill -9
        assert (tmp_path / ".lock").read_text() == str(os.getpid())
    assert not (tmp_path / ".lock").exists()  # a finished study keeps no stale lock file


def test_a_lock_file_unlinked_by_a_finishing_holder_is_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / ".lock"
    with open(path, "a+") as handle:
        assert _still_the_lock_file(path, handle)
        path.unlink()  # the holder finished between our open and our flock
        assert not _still_the_lock_file(path, handle)
        path.write_text("")  # and a third process made a new one
        assert not _still_the_lock_file(path, handle)


def test_written_files_follow_the_umask_not_mkstemp(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        write_manifest(tmp_path, manifest())
    finally:
        os.umask(previous)
    assert (tmp_path / "manifest.json").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize(
    "escape", ["../victim", "/tmp/llem-victim", "experiments/../../victim", ""]
)
def test_a_run_folder_outside_the_study_is_refused(tmp_path: Path, escape: str) -> None:
    study = tmp_path / "study"
    study.mkdir()
    known = manifest()
    write_manifest(study, known.with_run(attrs.evolve(known.runs[0], dir=escape)))
    with pytest.raises(UsageError, match=rf"run {known.runs[0].id}: dir .* not a folder inside"):
        read_manifest(study)


def test_a_run_folder_linked_outside_the_study_is_refused(tmp_path: Path) -> None:
    study, victim = tmp_path / "study", tmp_path / "victim"
    (study / "experiments").mkdir(parents=True)
    victim.mkdir()
    known = manifest()
    (study / known.runs[0].dir).symlink_to(victim, target_is_directory=True)
    write_manifest(study, known)
    with pytest.raises(UsageError, match="not a folder inside the study"):
        read_manifest(study)


def test_resume_of_a_crafted_manifest_deletes_nothing_outside(tmp_path: Path) -> None:
    """`llem run --resume-dir` on a manifest pointing a pending run at a folder beside the study
    stops with exit 2 and leaves that folder as it was."""
    study, victim = tmp_path / "study", tmp_path / "victim"
    study.mkdir()
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    known = manifest()
    write_manifest(study, known.with_run(attrs.evolve(known.runs[0], dir="../victim")))
    command = [sys.executable, "-m", "llem", "run", "--resume-dir", str(study)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    assert "not a folder inside the study" in done.stderr
    assert "Traceback" not in done.stderr
    assert (victim / "keep.txt").read_text() == "mine"


class RecordingObserver(SilentObserver):
    def __init__(self) -> None:
        self.started: list[str] = []

    def run_started(self, manifest: Manifest, run: RunRecord) -> None:
        self.started.append(run.id)


def test_a_study_resumed_from_a_stale_read_reruns_nothing_finished(tmp_path: Path) -> None:
    """`--resume` reads the manifest before it takes the study's lock; a host that finished the
    runs in between must not have them deleted and run again: the runner reads it again."""
    finished = manifest()
    for run in finished.runs:
        (tmp_path / run.dir).mkdir(parents=True)
        (tmp_path / run.dir / "result.json").write_text('{"schema_version": "2"}')
        finished = finished.with_run(attrs.evolve(run, status="completed", attempts=1))
    write_manifest(tmp_path, finished.with_status("completed"))
    stale = manifest()  # as read before the other host finished: every run pending
    registry = build_host(env={}).registry
    context = RunContext(
        tmp_path, tmp_path / "study.yaml", registry, make_converter(registry), LogSettings(),
        ExecutionConfig(),
    )  # fmt: skip
    observer = RecordingObserver()
    final = StudyRunner(stale, context, observer).run()
    assert observer.started == []
    assert {run.status for run in final.runs} == {"completed"}
    assert all((tmp_path / run.dir / "result.json").is_file() for run in final.runs)


def test_a_pending_run_whose_result_was_written_is_completed_not_rerun(tmp_path: Path) -> None:
    """An interrupt landing after the experiment wrote result.json but before the host recorded
    it left the run pending (older llem); the result is kept and the run counts as done."""
    known = manifest()
    run = known.runs[2]
    (tmp_path / run.dir).mkdir(parents=True)
    (tmp_path / run.dir / "result.json").write_text('{"schema_version": "2"}')
    settled = reconcile(known, tmp_path)
    assert settled.runs[2].status == "completed"
    assert [r.status for i, r in enumerate(settled.runs) if i != 2] == ["pending"] * 3


def test_a_pending_run_with_a_torn_result_still_runs(tmp_path: Path) -> None:
    known = manifest()
    (tmp_path / known.runs[0].dir).mkdir(parents=True)
    (tmp_path / known.runs[0].dir / "result.json").write_text('{"torn')
    assert reconcile(known, tmp_path).runs[0].status == "pending"
