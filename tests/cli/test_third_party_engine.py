"""A third-party engine, built outside this repository and installed with pip, is discovered and
measured with no change to core: the same entry point the transformers engine uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llem.results.models import SCHEMA_VERSION

from ..conftest import FakeDist
from .conftest import ECHO_RUN, RunLlem


def test_pip_installed_engine_is_listed(echo_site: Path, run_llem: RunLlem) -> None:
    listing = run_llem("plugins", "--json", pythonpath=(echo_site,))
    assert listing.returncode == 0, listing.stderr
    plugins = {p["name"]: p for p in json.loads(listing.stdout)["plugins"]}
    echo = plugins["echo"]
    assert (echo["distribution"], echo["version"], echo["status"]) == (
        "llem-engine-echo",
        "0.4.0",
        "loaded",
    )
    assert echo["registers"] == {"engines": ["echo"]}


def test_pip_installed_engine_runs_end_to_end(
    echo_site: Path, run_llem: RunLlem, tmp_path: Path, fake_site: FakeDist
) -> None:
    broken = fake_site("llem-broken", "broken", "llem_broken_plugin", "raise ImportError('no')")
    run = run_llem(
        *ECHO_RUN,
        "--n-prompts",
        "6",
        "--set",
        "echo.step_ms=2",
        "--set",
        "task.max_output_tokens=5",
        "--set",
        "measurement.energy.sampler=none",
        "--output",
        "out",
        pythonpath=(echo_site, broken),
    )
    assert run.returncode == 0, run.stderr
    assert "plugin 'broken' (llem-broken) failed to load" in run.stderr
    (experiment,) = (tmp_path / "out").iterdir()
    result = json.loads((experiment / "result.json").read_text())
    assert result["engine"] == "echo"
    assert result["workload"]["n_prompts"] == 6
    assert result["workload"]["output_tokens"] == sum(
        r["output_tokens"] for r in result["requests"]
    )
    assert result["energy"]["measurement"]["total_j"] is None
    assert "disabled" in result["energy"]["reason"]
    config = json.loads((experiment / "config.json").read_text())
    assert config["config"]["echo"]["step_ms"] == 2
    assert config["provenance"]["echo.step_ms"] == "--set echo.step_ms=2"
    assert config["provenance"]["echo.batch_size"] == "default"
    environment = json.loads((experiment / "environment.json").read_text())
    assert environment["schema_version"] == result["schema_version"] == SCHEMA_VERSION
    assert "energy / output token" not in run.stdout and "energy" in run.stdout


AIENERGYSCORE = Path(__file__).parents[3] / "shared" / "data" / "aienergyscore.jsonl"


@pytest.mark.skipif(
    not AIENERGYSCORE.is_file(), reason="the shared reference data is not beside this checkout"
)
def test_jsonl_dataset_with_a_metadata_line(
    echo_site: Path, run_llem: RunLlem, tmp_path: Path
) -> None:
    """The AIEnergyScore prompts (first line: metadata) as a JSONL workload, shuffled."""
    run = run_llem(
        *ECHO_RUN,
        "--dataset",
        str(AIENERGYSCORE),
        "--n-prompts",
        "20",
        "--set",
        "task.order=shuffle",
        "--set",
        "echo.step_ms=0",
        "--output",
        "out",
        pythonpath=(echo_site,),
    )
    assert run.returncode == 0, run.stderr
    (experiment,) = (tmp_path / "out").iterdir()
    result = json.loads((experiment / "result.json").read_text())
    indices = [r["index"] for r in result["requests"]]
    assert len(set(indices)) == 20 and indices != sorted(indices)
    assert all(0 <= i < 1000 for i in indices)


def test_json_logs_from_host_and_experiment_process(echo_site: Path, run_llem: RunLlem) -> None:
    run = run_llem(
        "-v",
        "--log-format",
        "json",
        *ECHO_RUN,
        "--n-prompts",
        "3",
        "--set",
        "measurement.energy.sampler=none",
        "--output",
        "out",
        pythonpath=(echo_site,),
    )
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stderr.splitlines() if line.startswith("{")]
    names = {event["event"] for event in events}
    assert {"config value", "model loaded", "window closed", "result written"} <= names
    assert all("timestamp" in event and "level" in event for event in events)
    quiet = run_llem(
        "--log-format",
        "json",
        *ECHO_RUN,
        "--n-prompts",
        "3",
        "--output",
        "out",
        pythonpath=(echo_site,),
    )
    assert not [line for line in quiet.stderr.splitlines() if line.startswith("{")]
