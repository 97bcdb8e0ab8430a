"""`llem run STUDY`: every run in its own process, failures recorded and survived, the circuit
breaker, the summary; with the echo test engine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import RunLlem
from .study_files import write_study


def _study_dir(tmp_path: Path) -> Path:
    (study_dir,) = (tmp_path / "results").iterdir()
    return study_dir


def _manifest(tmp_path: Path) -> dict[str, Any]:
    return json.loads((_study_dir(tmp_path) / "manifest.json").read_text())


def test_a_study_runs_every_configuration_every_cycle(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(tmp_path)
    done = run_llem("run", "study.yaml", pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    manifest = _manifest(tmp_path)
    assert manifest["status"] == "completed"
    assert [run["id"] for run in manifest["runs"]] == [
        "c001-1",
        "c002-1",
        "c003-1",
        "c001-2",
        "c002-2",
        "c003-2",
    ]
    assert {run["status"] for run in manifest["runs"]} == {"completed"}
    study_dir = _study_dir(tmp_path)
    for run in manifest["runs"]:
        config = json.loads((study_dir / run["dir"] / "config.json").read_text())
        batch = next(c for c in manifest["configs"] if c["id"] == run["config_id"])["params"]
        assert config["config"]["echo"]["batch_size"] == batch["echo.batch_size"]
    assert (study_dir / "summary.csv").is_file() and (study_dir / "study.yaml").is_file()
    assert "[6/6]" in done.stderr and "completed in" in done.stderr
    log = (study_dir / manifest["runs"][0]["dir"] / "experiment.log").read_text()
    assert "model loaded" in log and "result written" in log  # every step, at -v detail


def test_crash_and_hang_are_recorded_and_the_study_goes_on(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    extra = "experiments:\n  - {echo: {fail: segfault}}\n  - {echo: {fail: hang}}\n"
    write_study(tmp_path, extra=extra, execution={"silence_s": 3, "max_consecutive_failures": 5})
    done = run_llem("run", "study.yaml", pythonpath=(echo_site,), timeout=300)
    assert done.returncode == 1, done.stderr
    manifest = _manifest(tmp_path)
    by_config = {c["source"]: c["id"] for c in manifest["configs"]}
    runs = {run["id"]: run for run in manifest["runs"]}
    crashed = runs[f"{by_config['experiments[0]']}-1"]
    hung = runs[f"{by_config['experiments[1]']}-1"]
    assert crashed["status"] == "failed" and "SIGSEGV" in crashed["error"]["message"]
    assert "Fatal Python error" in crashed["error"]["log_tail"]
    assert hung["status"] == "failed" and "silence_s" in hung["error"]["message"]
    others = [run for run in manifest["runs"] if run["config_id"] in ("c001", "c002", "c003")]
    assert {run["status"] for run in others} == {"completed"}
    assert "4 of 10 runs failed" in done.stderr
    error = json.loads((_study_dir(tmp_path) / crashed["dir"] / "error.json").read_text())
    assert "SIGSEGV" in error["message"]


def test_the_circuit_breaker_stops_the_study(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    write_study(
        tmp_path,
        extra="experiments:\n  - {echo: {fail: raise}}\n  - {echo: {fail: raise, batch_size: 3}}\n",
        execution={"max_consecutive_failures": 2, "order": "sequential"},
    )
    done = run_llem("run", "study.yaml", pythonpath=(echo_site,))
    assert done.returncode == 1
    assert "circuit breaker" in done.stderr
    manifest = _manifest(tmp_path)
    assert manifest["status"] == "stopped"
    statuses = [run["status"] for run in manifest["runs"]]
    # sequential: c001 c001 c002 c002 c003 c003 c004 c004 c005 c005; c004 fails twice
    assert statuses[:6] == ["completed"] * 6
    assert statuses[6:8] == ["failed", "failed"]
    assert statuses[8:] == ["pending", "pending"]


def test_dry_run_runs_nothing(run_llem: RunLlem, echo_site: Path, tmp_path: Path) -> None:
    write_study(tmp_path)
    done = run_llem("run", "study.yaml", "--dry-run", pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    assert "3 configurations" in done.stdout and "6 runs" in done.stdout
    validated = run_llem("config", "validate", "study.yaml", pythonpath=(echo_site,))
    assert validated.returncode == 0, validated.stderr
    assert "valid: study.yaml (3 configurations to run)" in validated.stdout
    assert not (tmp_path / "results").exists()
