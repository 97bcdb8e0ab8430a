"""``llem run`` records other processes' CPU load over the window in result.json and prints it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import ECHO_RUN, RunLlem


@pytest.mark.skipif(not Path("/proc/stat").is_file(), reason="needs Linux /proc")
def test_a_run_records_the_host_load_of_its_window(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    slow = ("task.fixed_output_length=true", "task.max_output_tokens=32", "echo.step_ms=20")
    sets = [arg for value in slow for arg in ("--set", value)]  # a window of about 1.3 s
    done = run_llem(*ECHO_RUN, "--n-prompts", "2", *sets, pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    (result_path,) = (tmp_path / "results").glob("*/result.json")
    load = json.loads(result_path.read_text())["host_load"]
    assert set(load) == {
        "cores", "other_cpu_core_seconds", "other_cpu_share", "own_cpu_core_seconds",
        "load_average_1m_start", "load_average_1m_end", "reason",
    }  # fmt: skip
    assert load["cores"] >= 1 and load["load_average_1m_start"] >= 0 and load["reason"] is None
    assert 0 <= load["other_cpu_share"] <= 1 and load["other_cpu_core_seconds"] >= 0
    assert "other processes" in done.stdout
