"""A hub model that is not cached and a hub out of reach: an error in seconds, not a minute of
the library's retries."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llem.engine_api import ResolvedModel
from llem.errors import UsageError
from llem.preflight.hub import require_hub_reachable, require_weights_reachable

REPO = Path(__file__).parents[2]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env_for(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    return {"HF_ENDPOINT": f"http://127.0.0.1:{port}", "HF_HUB_CACHE": str(tmp_path), **extra}


def test_an_unreachable_hub_is_named_at_once(tmp_path: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(UsageError, match=r"'org/model' is not in the Hugging Face cache") as raised:
        require_hub_reachable("org/model", env_for(tmp_path, closed_port()))
    assert time.perf_counter() - started < 5
    assert "cannot be reached" in str(raised.value) and "hf download org/model" in str(raised.value)


def test_a_reachable_hub_passes(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        require_hub_reachable("org/model", env_for(tmp_path, server.getsockname()[1]))


@pytest.mark.parametrize(
    "extra",
    [{"HF_HUB_OFFLINE": "1"}, {"HTTPS_PROXY": "http://proxy:3128"}],
    ids=["offline", "proxy"],
)
def test_no_probe_when_offline_or_behind_a_proxy(tmp_path: Path, extra: dict[str, str]) -> None:
    require_hub_reachable("org/model", env_for(tmp_path, closed_port(), **extra))


def test_a_cached_model_needs_no_hub(tmp_path: Path) -> None:
    (tmp_path / "models--org--model" / "snapshots" / "abc").mkdir(parents=True)
    require_hub_reachable("org/model", env_for(tmp_path, closed_port()))


def test_local_weights_need_no_hub(tmp_path: Path) -> None:
    require_weights_reachable(ResolvedModel("local_dir", str(tmp_path)))


def test_run_with_an_unreachable_hub_fails_in_seconds(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    command = [sys.executable, "-m", "llem", "run", "--model", "org/not-cached", "--n-prompts", "1"]
    environ = env_for(tmp_path / "hub", closed_port())
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--output", str(tmp_path / "out")],
        cwd=REPO,
        env={**os.environ, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert time.perf_counter() - started < 40  # interpreter, torch import; no retries
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    (experiment,) = (tmp_path / "out").iterdir()
    assert json.loads((experiment / "error.json").read_text())["exit_code"] == 2
