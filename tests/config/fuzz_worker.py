"""The fuzzer's llem: runs ``llem ARGS`` in-process, one request per line on stdin, under a memory
limit, and answers each with one JSON line on its own stdout.

A request is ``{"cwd": DIR, "args": [...]}``; an answer holds the exit code, what llem printed on
stdout and stderr, and the traceback of any exception that escaped ``run_cli`` (which a user would
have seen). stdout is strict UTF-8 and stderr backslash-escapes what is not, as Python's own
streams are on a UTF-8 terminal, so that text no file or terminal can hold shows up as the
traceback it would be.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from typing import Any, TextIO

MEMORY_LIMIT = 1 << 30
"""Address space the worker may use: llem plans and validates in under 100 MB."""


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    answers = sys.stdout
    from llem.cli.main import run_cli  # imported once: each request pays only llem's own work

    for line in sys.stdin:
        request = json.loads(line)
        os.chdir(request["cwd"])
        answers.write(json.dumps(_run(run_cli, request["args"])) + "\n")
        answers.flush()


def _run(run_cli: Any, args: list[str]) -> dict[str, Any]:
    out, err = _stream("strict"), _stream("backslashreplace")
    crash = None
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = run_cli(args)
    except BaseException:  # what escapes run_cli is the traceback a user would see
        code, crash = None, traceback.format_exc()
    return {"code": code, "stdout": _text(out), "stderr": _text(err), "traceback": crash}


def _stream(errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def _text(stream: TextIO) -> str:
    stream.flush()
    raw: bytes = stream.buffer.getvalue()  # type: ignore[attr-defined]
    return raw.decode("utf-8", "backslashreplace")


if __name__ == "__main__":
    main()
