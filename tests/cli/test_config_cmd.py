"""``llem config``: validate, show, schema-diff and the environment overview, run by a user."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.cli.conftest import RunLlem

MODEL = "task:\n  model: HuggingFaceTB/SmolLM2-135M-Instruct\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_accepts_a_good_config_and_names_the_corpus(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    write(tmp_path, "good.yaml", MODEL + "transformers:\n  batch_size: 4\n")
    done = run_llem("config", "validate", "good.yaml")
    assert done.returncode == 0, done.stderr
    assert "valid: good.yaml (transformers 5.23.0:" in done.stdout


def test_validate_rejects_a_library_error_with_location_rule_and_source(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    text = MODEL + "transformers:\n  sampling:\n    do_sample: true\n    temperature: 0.0\n"
    write(tmp_path, "bad.yaml", text)
    started = time.perf_counter()
    done = run_llem("config", "validate", "bad.yaml")
    assert done.returncode == 2
    assert time.perf_counter() - started < 30  # no model load: seconds of interpreter start only
    assert "bad.yaml:6:5: transformers.sampling.temperature:" in done.stderr
    assert "transformers 5.23.0 transformers/generation/" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_checks_every_file_given_and_exits_with_the_worst(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    write(tmp_path, "good.yaml", MODEL + "transformers:\n  batch_size: 4\n")
    write(tmp_path, "bad.yaml", MODEL + "transformers:\n  batch_size: four\n")
    write(tmp_path, "also-good.yaml", MODEL)
    done = run_llem("config", "validate", "good.yaml", "bad.yaml", "also-good.yaml")
    assert done.returncode == 2, done.stderr
    assert "valid: good.yaml" in done.stdout and "valid: also-good.yaml" in done.stdout
    assert "bad.yaml:4:3: transformers.batch_size:" in done.stderr
    assert "1 of 3 files invalid: bad.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_refuses_an_unknown_pass_through_key_with_a_suggestion(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    write(tmp_path, "typo.yaml", MODEL + "transformers:\n  generation:\n    num_beam: 4\n")
    done = run_llem("config", "validate", "typo.yaml")
    assert done.returncode == 2
    assert "typo.yaml:5:5: transformers.generation.num_beam:" in done.stderr
    assert "did you mean 'num_beams'?" in done.stderr


def test_validate_refuses_a_key_llem_sets_itself_naming_where_to_set_it(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    write(tmp_path, "owned.yaml", MODEL + "transformers:\n  generation:\n    temperature: 0.5\n")
    done = run_llem("config", "validate", "owned.yaml")
    assert done.returncode == 2
    assert "transformers.sampling.temperature" in done.stderr


def test_validate_reports_dormant_values_and_still_accepts(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    text = MODEL + "transformers:\n  sampling:\n    temperature: 0.5\n"
    write(tmp_path, "greedy.yaml", text)
    done = run_llem("config", "validate", "greedy.yaml")
    assert done.returncode == 0, done.stderr
    assert "dormant: " in done.stdout
    assert "transformers.sampling.temperature" in done.stdout


def test_validate_applies_set_overrides(run_llem: RunLlem, tmp_path: Path) -> None:
    write(tmp_path, "good.yaml", MODEL)
    done = run_llem("config", "validate", "good.yaml", "--set", "transformers.generation.foo=1")
    assert done.returncode == 2
    assert "--set transformers.generation.foo=1: transformers.generation.foo:" in done.stderr


def test_show_lists_native_generation_parameters(run_llem: RunLlem) -> None:
    done = run_llem("config", "show", "transformers", "--section", "transformers.generation")
    assert done.returncode == 0, done.stderr
    assert "num_beams" in done.stdout
    assert "no_repeat_ngram_size" in done.stdout


def test_show_refuses_an_unknown_engine(run_llem: RunLlem) -> None:
    done = run_llem("config", "show", "nosuch")
    assert done.returncode == 2
    assert "unknown engine 'nosuch'" in done.stderr


def schema_document(params: dict[str, dict[str, object]]) -> str:
    section = {
        "path": "transformers.generation",
        "description": "",
        "native_type": "transformers.GenerationConfig",
        "passthrough": True,
        "params": {
            name: {"name": name, "description": "", "set_in": None, **fields}
            for name, fields in params.items()
        },
    }
    return json.dumps(
        {
            "format": 1,
            "engine": "transformers",
            "library": "transformers",
            "library_version": "5.23.0",
            "sections": {"transformers.generation": section},
        }
    )


def test_schema_diff_exit_codes_tell_safe_from_breaking(run_llem: RunLlem, tmp_path: Path) -> None:
    old = {"num_beams": {"type": "int", "default": 1}}
    widened = {
        "num_beams": {"type": "int | None", "default": 1},
        "x": {"type": "int", "default": 0},
    }
    write(tmp_path, "old.json", schema_document(old))
    write(tmp_path, "safe.json", schema_document(widened))
    write(tmp_path, "removed.json", schema_document({}))
    safe = run_llem("config", "schema-diff", "old.json", "safe.json")
    breaking = run_llem("config", "schema-diff", "old.json", "removed.json")
    unreadable = run_llem("config", "schema-diff", "old.json", "missing.json")
    assert (safe.returncode, breaking.returncode, unreadable.returncode) == (0, 1, 2)
    assert "num_beams" in breaking.stdout
    assert "Traceback" not in unreadable.stderr


def test_overview_shows_engines_samplers_docker_and_the_user_config(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    user_config = write(tmp_path, "user.yaml", "transformers:\n  batch_size: 8\n")
    done = run_llem("config", LLEM_CONFIG_FILE=str(user_config))
    assert done.returncode == 0, done.stderr
    for expected in ("transformers", "runtime ok", "nvml", "rapl", "docker", "batch_size: 8"):
        assert expected in done.stdout
