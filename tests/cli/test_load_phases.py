"""The parts of a model load an engine names (``load_phases``: TensorRT-LLM's engine build) reach
``timing.model_load_phases`` in result.json; anything that is not seconds by name is left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.harness.measure import reported_load_phases
from tests.cli.conftest import ECHO_RUN, RunLlem


class Reporting:
    def __init__(self, phases: Any) -> None:
        self.load_phases = phases


class Silent:
    pass


def test_named_seconds_are_kept_rounded_and_the_rest_left_out() -> None:
    phases = {"llm_init_s": 12.34567, "build_total_s": 3, "flag": True, "text": "1.0"}
    assert reported_load_phases(Reporting(phases)) == {  # type: ignore[arg-type]
        "llm_init_s": 12.346,
        "build_total_s": 3.0,
    }
    assert reported_load_phases(Silent()) == {}  # type: ignore[arg-type]
    assert reported_load_phases(Reporting([("a_s", 1.0)])) == {}  # type: ignore[arg-type]


def test_an_engines_load_phases_land_in_the_result(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    done = run_llem(*ECHO_RUN, "--n-prompts", "2", pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    (result_path,) = (tmp_path / "results").glob("*/result.json")
    timing = json.loads(result_path.read_text())["timing"]
    assert timing["model_load_phases"] == {"echo_setup_s": 0.0}
    assert timing["model_load_s"] >= 0
