"""What Slurm says of a job: squeue while it is queued or running, sacct once it has ended
(state, Slurm's reason, exit code, node), and the failure that reports an end that is no success."""

from __future__ import annotations

import subprocess

import attrs

PENDING_STATES = frozenset({"PENDING", "CONFIGURING", "REQUEUED", "RESIZING", "SUSPENDED"})
RUNNING_STATES = frozenset({"RUNNING", "COMPLETING", "STAGE_OUT", "SIGNALING"})
ENDED_WITHOUT_REPORT = {
    "CANCELLED": "was cancelled",
    "TIMEOUT": "ran past its time limit",
    "OUT_OF_MEMORY": "was killed for using more memory than it was given",
    "NODE_FAIL": "lost its node",
    "PREEMPTED": "was preempted",
    "BOOT_FAIL": "could not boot its node",
    "DEADLINE": "missed its deadline",
    "FAILED": "failed",
    "COMPLETED": "completed",
    "LOST": "is unknown to Slurm",
}
QUERY_TIMEOUT_S = 30.0


@attrs.frozen
class JobState:
    """``state``: Slurm's base state (``CANCELLED``, not ``CANCELLED by 0``); ``detail``: the
    rest of it; ``reason``: Slurm's reason field (``None`` when it is ``None``)."""

    state: str
    detail: str = ""
    reason: str | None = None
    exit_code: str = ""
    node: str = ""

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES

    @property
    def live(self) -> bool:
        return self.state in PENDING_STATES | RUNNING_STATES or self.state == "UNKNOWN"


UNKNOWN = JobState("UNKNOWN")


def query_state(job_id: str) -> JobState:
    """squeue first (the controller's view, at once); sacct for a job squeue no longer lists."""
    queued = _run(["squeue", "-h", "-j", job_id, "-o", "%T|%r|%N"])
    if queued:
        state, reason, node = _fields(queued, 3)
        return JobState(state, reason=_reason(reason), node=node)
    return ended_state(job_id)


def ended_state(job_id: str) -> JobState:
    """sacct's record of the job itself (not its steps); ``UNKNOWN`` while it has none yet."""
    line = _run(["sacct", "-n", "-X", "-P", "-j", job_id, "-o", "State,Reason,ExitCode,NodeList"])
    if not line:
        return UNKNOWN
    fields = _fields(line, 4)
    state, _, detail = fields[0].partition(" ")
    node = "" if fields[3] in {"None assigned", ""} else fields[3]
    return JobState(state, detail, _reason(fields[1]), fields[2], node)


def failure_message(job_id: str, ended: JobState) -> str:
    """Why the job ended without the experiment reporting, in Slurm's words too."""
    what = ENDED_WITHOUT_REPORT.get(ended.state, f"ended as {ended.state}")
    parts = [f"Slurm job {job_id} {what} ({ended.state}"]
    if ended.detail:
        parts.append(f" {ended.detail}")
    if ended.reason:
        parts.append(f", reason: {ended.reason}")
    if ended.exit_code:
        parts.append(f", exit code {ended.exit_code}")
    if ended.node:
        parts.append(f", node {ended.node}")
    return "".join(parts) + ")"


def live_jobs_with_comment(comment: str) -> list[str]:
    """Queued or running jobs whose ``--comment`` is ``comment`` (the runner marks its jobs)."""
    listed = _run(["squeue", "-h", "-o", "%i|%k"])
    return [
        job_id
        for job_id, _, text in (line.partition("|") for line in listed.splitlines())
        if text == comment
    ]


def cancel(job_id: str) -> None:
    _run(["scancel", job_id])


def _fields(output: str, count: int) -> list[str]:
    """The first line's ``|``-separated fields, exactly ``count`` of them."""
    fields = output.splitlines()[0].split("|")
    return [*fields, *[""] * count][:count]


def _reason(text: str) -> str | None:
    return None if text in {"", "None"} else text


def _run(command: list[str]) -> str:
    """The command's output; empty when Slurm does not answer (the caller asks again)."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=QUERY_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""
