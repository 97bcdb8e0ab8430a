"""Fuzz `llem config validate FILE` and `llem run FILE --dry-run` with malformed experiment and
study files: llem must answer 0 or 2, never with a traceback, within a time and memory bound, and
name the file and line of every problem that has one.

CI runs a few hundred examples (the ``fuzz-ci`` profile); ``nox -s fuzz`` runs thousands
(``LLEM_FUZZ_PROFILE=fuzz``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.config.fuzz_cli import LlemWorker, Outcome, describe, unlocated
from tests.config.fuzz_documents import STUDY_FILE, experiment_files, study_files

SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile(
    "fuzz-ci", max_examples=100, deadline=timedelta(seconds=5), suppress_health_check=SLOW_DATA
)
settings.register_profile(
    "fuzz", max_examples=4000, deadline=timedelta(seconds=5), suppress_health_check=SLOW_DATA
)
PROFILE = settings.get_profile(os.environ.get("LLEM_FUZZ_PROFILE", "fuzz-ci"))
COMMANDS = [("config", "validate"), ("run", "--dry-run")]
VALIDATE, DRY_RUN = COMMANDS
FIXED = b"task: {model: org/model}\nengine: transformers\n"
"""The start of each crash the fuzzer found, kept as an example that every run tries first."""
A_RULE_ON_A_MAPPING = b"transformers: {generation: {compile_config: {fullgraph: true}}}\n"
A_GROUP_OF_A_BILLION = b"sweep:\n  g:\n    - {%s}\n" % b", ".join(
    b"transformers.generation.k%d: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" % i for i in range(9)
)
USES_BASE = b"base: base.yaml\nexperiments: [{}]\n"


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlemWorker]:
    running = LlemWorker(tmp_path_factory.mktemp("fuzz-home"))
    yield running
    running.close()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@settings(PROFILE)
@given(files=experiment_files(), command=st.sampled_from(COMMANDS))
@example({"exp.yaml": FIXED + b'runner: "docker:\\udc80"\n'}, DRY_RUN)  # printed: a traceback
@example({"exp.yaml": FIXED + b"name: !!bool maybe\n"}, VALIDATE)  # a KeyError
@example({"exp.yaml": FIXED + b'"": null\n'}, VALIDATE)  # named no line
def test_a_malformed_experiment_file_is_reported_not_crashed_on(
    worker: LlemWorker, scratch: Path, files: dict[str, bytes], command: tuple[str, str]
) -> None:
    check_llem(worker, scratch, files, _args(command, "exp.yaml"))


@settings(PROFILE)
@given(files=study_files(), command=st.sampled_from(COMMANDS))
@example({"study.yaml": FIXED + b'name: "x\\ud800"\nexperiments: [{}]\n'}, DRY_RUN)  # printed
@example({"study.yaml": FIXED + A_GROUP_OF_A_BILLION}, DRY_RUN)  # hung, expanding
@example({"study.yaml": FIXED + A_RULE_ON_A_MAPPING + b"experiments: [{}]\n"}, VALIDATE)  # default:
@example({"study.yaml": USES_BASE, "base.yaml": FIXED + A_RULE_ON_A_MAPPING}, VALIDATE)  # default:
def test_a_malformed_study_file_is_reported_not_crashed_on(
    worker: LlemWorker, scratch: Path, files: dict[str, bytes], command: tuple[str, str]
) -> None:
    check_llem(worker, scratch, files, _args(command, STUDY_FILE))


def _args(command: tuple[str, str], file: str) -> list[str]:
    return [command[0], file, command[1]] if command[0] == "run" else [*command, file]


def check_llem(worker: LlemWorker, scratch: Path, files: dict[str, bytes], args: list[str]) -> None:
    """Write ``files`` into a fresh folder, run ``llem ARGS`` there and judge the outcome."""
    folder = Path(tempfile.mkdtemp(dir=scratch))
    try:
        for name, content in files.items():
            (folder / name).write_bytes(content)
        outcome = worker.run(folder, args)
    finally:
        shutil.rmtree(folder)
    assert_reported(outcome, args, files)


def assert_reported(outcome: Outcome, args: list[str], files: dict[str, bytes]) -> None:
    report = describe(args, outcome, files)
    assert outcome.traceback is None, report
    assert outcome.code in (0, 2), report
    assert "Traceback" not in outcome.stdout + outcome.stderr, report
    assert outcome.code == 0 or "error:" in outcome.stderr, report
    assert not unlocated(outcome.problems(), [*files, STUDY_FILE]), report
