"""``llem run`` checks the engine's rules before anything loads, and records what they said."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import ECHO_RUN, RunLlem

BAD = (
    "task:\n  model: HuggingFaceTB/SmolLM2-135M-Instruct\n"
    "transformers:\n  generation:\n    num_beams: 2\n    early_stopping: sometimes\n"
)


def test_a_config_the_library_rejects_fails_before_the_model_loads(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    done = run_llem("run", "bad.yaml")
    assert done.returncode == 2
    assert "bad.yaml:6:5: transformers.generation.early_stopping:" in done.stderr
    assert "loading model" not in done.stderr
    assert not (tmp_path / "results").exists()


def test_an_engine_without_a_corpus_runs_and_says_nothing_was_checked(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    done = run_llem(*ECHO_RUN, "--n-prompts", "2", pythonpath=(echo_site,))
    assert done.returncode == 0, done.stderr
    (result_path,) = (tmp_path / "results").glob("*/result.json")
    checks = json.loads(result_path.read_text())["config_checks"]
    assert checks["corpus"] == "no rule corpus: engine 'echo' ships none"
    assert checks["effective_config_hash"]
