"""The slurm runner's pieces that need no cluster: what sbatch is asked for, Slurm's ends in
words, where the job ran (recorded in the job file), the events tail, the settings' checks."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from llem.config.models import SlurmConfig
from llem.errors import UsageError
from llem.experiment.job import RunLimits
from llem.plugins.host import build_host
from llem.runners.base import make_runner
from llem.runners.slurm import accounting, handle
from llem.runners.slurm.accounting import JobState, ended_state, failure_message
from llem.runners.slurm.handle import tail_events
from llem.runners.slurm.node import SHARED_WARNING, record_where, slurm_labels
from llem.runners.slurm.submission import executor_parameters, time_limit_min


def test_settings_become_sbatch_options() -> None:
    settings = SlurmConfig(
        partition="gpu", account="lab", qos="high", gpus=2, cpus=8, mem="64G",
        constraint="a100", sbatch={"reservation": "r1"},
    )  # fmt: skip
    parameters = executor_parameters(settings, RunLimits(), "c001-1")
    assert parameters["job_name"] == "llem-c001-1"
    assert parameters["partition"] == "gpu" and parameters["account"] == "lab"
    assert parameters["qos"] == "high" and parameters["constraint"] == "a100"
    assert parameters["gpus_per_node"] == 2 and parameters["cpus_per_task"] == 8
    assert parameters["mem"] == "64G" and parameters["use_srun"] is False
    assert parameters["additional_parameters"] == {"reservation": "r1", "exclusive": True}


def test_gres_replaces_the_gpu_count_and_unset_options_stay_out() -> None:
    settings = SlurmConfig(gres="gpu:h100:1", gpus=4, exclusive=False)
    parameters = executor_parameters(settings, RunLimits(), "x")
    assert "gpus_per_node" not in parameters and "partition" not in parameters
    assert parameters["additional_parameters"] == {"gres": "gpu:h100:1"}


@pytest.mark.parametrize(
    ("settings", "limits", "minutes"),
    [
        (SlurmConfig(time_limit_min=7), RunLimits(timeout_s=3600), 7),
        (SlurmConfig(), RunLimits(timeout_s=601), 11 + 5),
        (SlurmConfig(), RunLimits(), 60),
    ],
)
def test_the_time_limit_covers_the_runs_own_timeout(
    settings: SlurmConfig, limits: RunLimits, minutes: int
) -> None:
    assert time_limit_min(settings, limits) == minutes


def test_ends_slurm_imposed_are_said_in_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounting, "_run", lambda _: "CANCELLED by 0|None|0:15|node7")
    ended = ended_state("42")
    assert ended == JobState("CANCELLED", "by 0", None, "0:15", "node7")
    assert not ended.live
    assert failure_message("42", ended) == (
        "Slurm job 42 was cancelled (CANCELLED by 0, exit code 0:15, node node7)"
    )
    timeout = JobState("TIMEOUT", reason="TimeLimit", node="n1")
    assert failure_message("9", timeout) == (
        "Slurm job 9 ran past its time limit (TIMEOUT, reason: TimeLimit, node n1)"
    )


def test_a_job_sacct_does_not_know_yet_is_still_live(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounting, "_run", lambda _: "")
    assert accounting.query_state("7").live


def test_where_the_job_runs_goes_into_the_job_file(tmp_path: Path) -> None:
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps({"name": "x", "runner": {"name": "slurm", "image_labels": {}}}))
    env = {"SLURM_JOB_ID": "12", "SLURMD_NODENAME": "gpu-3", "SLURM_JOB_PARTITION": "gpu"}
    record_where(job_file, env, ["GPU-aaa", "GPU-bbb"], other_jobs=1)
    labels = json.loads(job_file.read_text())["runner"]["image_labels"]
    assert labels["slurm.job_id"] == "12" and labels["slurm.node"] == "gpu-3"
    assert labels["slurm.gpu_uuids"] == "GPU-aaa,GPU-bbb"
    assert labels[SHARED_WARNING].startswith("1 other job(s)")
    assert SHARED_WARNING not in slurm_labels(env, [], other_jobs=0)


def test_the_events_tail_reads_what_comes_then_the_rest_once_ended(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"one\n")
    ended = threading.Event()
    chunks = tail_events(path, ended, poll_s=0.01)
    assert next(chunks) == b"one\n"
    with open(path, "ab") as events:
        events.write(b"two\n")
    ended.set()
    assert b"".join(chunks) == b"two\n"


def test_bad_slurm_settings_and_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="must be >= 1"):
        SlurmConfig(cpus=0)
    registry = build_host(env={}).registry
    with pytest.raises(UsageError, match="after 'slurm:' comes the runner the job uses on its"):
        make_runner("slurm:x", registry)
    assert make_runner("slurm:docker:cpu", registry) is not None


def test_a_job_slurm_never_knows_is_taken_as_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handle, "query_state", lambda _: accounting.UNKNOWN)
    monkeypatch.setattr(handle, "LOST_AFTER_S", 0.0)
    lost = handle.SlurmJobHandle("5", poll_interval_s=0.01)
    assert not lost.is_alive() and lost.ended.is_set()
    assert failure_message("5", lost.state()).startswith("Slurm job 5 is unknown to Slurm (LOST")
