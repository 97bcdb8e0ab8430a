"""Drive the fuzzer's llem worker (``fuzz_worker.py``) and judge what it answered."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

WORKER = Path(__file__).with_name("fuzz_worker.py")
TIME_LIMIT_S = 20.0
"""A hard stop per command (hypothesis' deadline is the tighter, soft one)."""
LLEM_VARIABLES = ("LLEM_CFG_", "LLEM_RUNNER_", "LLEM_CONFIG_FILE")
PROBLEM = re.compile(r"^\s+- (?P<problem>.*)$")


@attrs.frozen
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    traceback: str | None

    def problems(self) -> list[str]:
        """The listed problems and skip reasons (``  - file:line:col: key: message``)."""
        lines = [*self.stderr.splitlines(), *self.stdout.splitlines()]
        return [match["problem"] for line in lines if (match := PROBLEM.match(line))]


class LlemWorker:
    """One worker process, restarted after a crash or a hang."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.process: subprocess.Popen[str] | None = None

    def run(self, cwd: Path, args: Sequence[str]) -> Outcome:
        process = self.process or self._start()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps({"cwd": str(cwd), "args": list(args)}) + "\n")
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], TIME_LIMIT_S)
        answer = process.stdout.readline() if ready else ""
        if not answer:
            return self._lost(args, timed_out=not ready)
        return Outcome(**json.loads(answer))

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def _start(self) -> subprocess.Popen[str]:
        with (self.home / "worker.log").open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                env=_environment(self.home),
            )
        return self.process

    def _lost(self, args: Sequence[str], *, timed_out: bool) -> Outcome:
        code = self.process.poll() if self.process else None
        self.close()
        log = self.home / "worker.log"
        why = f"ran over {TIME_LIMIT_S:.0f} s" if timed_out else f"died (exit {code}; see {log})"
        return Outcome(None, "", "", f"llem {' '.join(args)}: the worker {why}")


def _environment(home: Path) -> dict[str, str]:
    """This environment without llem's variables; no user config; caches in ``home``."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith(LLEM_VARIABLES)}
    config = home / "no-user-config.yaml"
    return {**kept, "HOME": str(home), "LLEM_CONFIG_FILE": str(config), "NO_COLOR": "1"}


NO_LINE = ("required key is missing", "larger than 1 MiB", "is a directory", "not a regular file")
"""Problems with no line to name: a key absent with its whole section, or a whole file."""


def unlocated(problems: Sequence[str], labels: Sequence[str]) -> list[str]:
    """The problems that do not start ``LABEL:LINE`` for one of the files' ``labels``, except
    those with no line to name (``LABEL: ...``)."""
    return [problem for problem in problems if not _located(problem, labels)]


def _located(problem: str, labels: Sequence[str]) -> bool:
    for label in labels:
        if re.match(rf"{re.escape(label)}:\d+(:\d+)?: ", problem):
            return True
        if problem.startswith(f"{label}: ") and any(what in problem for what in NO_LINE):
            return True
    return False


def describe(args: Sequence[str], outcome: Outcome, files: dict[str, bytes]) -> str:
    """What a failing example ran, read and printed, for the assertion message."""
    return "\n".join(_describe_lines(args, outcome, files))


def _describe_lines(args: Sequence[str], outcome: Outcome, files: dict[str, Any]) -> Iterator[str]:
    yield f"llem {' '.join(args)} -> exit {outcome.code}"
    for name, content in files.items():
        yield f"--- {name} ---\n{content.decode('utf-8', 'backslashreplace')[:4000]}"
    yield f"--- stdout ---\n{outcome.stdout[-4000:]}\n--- stderr ---\n{outcome.stderr[-4000:]}"
    if outcome.traceback:
        yield f"--- traceback ---\n{outcome.traceback}"
