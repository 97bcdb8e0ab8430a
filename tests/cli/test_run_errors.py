"""Every user mistake on `llem run` is a clear message with its location and exit code 2 —
never a traceback — and nothing is written to the results folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ..conftest import FakeDist
from .conftest import ECHO_RUN, RunLlem

VALID = """\
task:
  model: toy/model
  n_prompts: 4
engine: transformers
transformers:
  batch_size: 2
"""

CASES = {
    "unknown key": (
        VALID.replace("n_prompts: 4", "n_promts: 4"),
        ["exp.yaml:3:3: task.n_promts", "did you mean 'n_prompts'"],
    ),
    "wrong type": (
        VALID.replace("n_prompts: 4", "n_prompts: four"),
        ["exp.yaml:3:3: task.n_prompts"],
    ),
    "out of range": (
        VALID.replace("batch_size: 2", "batch_size: 0"),
        ["exp.yaml:6:3: transformers.batch_size", ">= 1"],
    ),
    "unknown engine": (
        VALID.replace("engine: transformers", "engine: transfomers"),
        ["exp.yaml:4:1: engine", "did you mean 'transformers'"],
    ),
    "malformed yaml": ("task:\n  model: [unclosed\n", ["exp.yaml:"]),
    "not a mapping": ("- just\n- a list\n", ["exp.yaml"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_config_mistake_exits_2_with_location(case: str, tmp_path: Path, run_llem: RunLlem) -> None:
    text, expected = CASES[case]
    (tmp_path / "exp.yaml").write_text(textwrap.dedent(text))
    run = run_llem("run", "exp.yaml", "--output", "out")
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    for fragment in expected:
        assert fragment in run.stderr
    assert not (tmp_path / "out").exists()


def test_missing_config_file(run_llem: RunLlem) -> None:
    run = run_llem("run", "nowhere.yaml")
    assert run.returncode == 2
    assert "nowhere.yaml" in run.stderr and "Traceback" not in run.stderr


def test_bad_set_and_bad_flag(run_llem: RunLlem) -> None:
    bad_set = run_llem("run", "--model", "x/y", "--set", "task.n_prompts")
    assert bad_set.returncode == 2 and "PATH=VALUE" in bad_set.stderr
    bad_flag = run_llem("run", "--model", "x/y", "--n-prompts", "0")
    assert bad_flag.returncode == 2 and "--n-prompts" in bad_flag.stderr
    bad_runner = run_llem("run", "--model", "x/y", "--runner", "slurn")
    assert bad_runner.returncode == 2, bad_runner.stderr
    assert "--runner: runner: unknown runner 'slurn'" in bad_runner.stderr


def test_missing_dataset_file_points_at_the_key(tmp_path: Path, run_llem: RunLlem) -> None:
    text = VALID.replace("n_prompts: 4", "n_prompts: 4\n  dataset: prompts/missing.jsonl")
    (tmp_path / "exp.yaml").write_text(text)
    run = run_llem("run", "exp.yaml")
    assert run.returncode == 2, run.stderr
    assert "exp.yaml:4:3: task.dataset" in run.stderr


def test_missing_model_path(tmp_path: Path, run_llem: RunLlem) -> None:
    run = run_llem("run", "--model", "./no/such/dir")
    assert run.returncode == 2
    assert "--model: task.model" in run.stderr and "does not exist" in run.stderr


NEEDY_ENGINE = """
    import attrs
    from llem import hookimpl
    from llem.records import EngineSpec

    @attrs.frozen
    class Config:
        batch_size: int = 1

    @hookimpl
    def llem_register_engines():
        return [EngineSpec(name="needy", config_type=Config, runner="needy_lib.run:R",
                           runtime_modules=("needy_lib_not_installed",),
                           install_hint="pip install 'llem-needy[runtime]'")]
"""


def test_missing_engine_runtime_names_the_install_command(
    fake_site: FakeDist, run_llem: RunLlem
) -> None:
    site = fake_site("llem-needy", "needy", "llem_needy", NEEDY_ENGINE)
    run = run_llem("run", "--engine", "needy", "--model", "x/y", pythonpath=(site,))
    assert run.returncode == 3, run.stderr
    assert "needy_lib_not_installed" in run.stderr
    assert "pip install 'llem-needy[runtime]'" in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_engine_names_the_plugin_that_failed_to_load(
    fake_site: FakeDist, run_llem: RunLlem
) -> None:
    source = "raise ImportError('fastgen plugin is broken')\n"
    site = fake_site("llem-fastgen", "fastgen", "llem_fastgen", source)
    run = run_llem("run", "--engine", "fastgen", "--model", "x/y", pythonpath=(site,))
    assert run.returncode == 2, run.stderr
    assert "--engine: engine: unknown engine 'fastgen'" in run.stderr
    assert "fastgen (llem-fastgen): ImportError: fastgen plugin is broken" in run.stderr


def test_a_device_given_as_the_config_is_refused_at_once(run_llem: RunLlem) -> None:
    """`llem run /dev/zero` used to read forever (the study-file sniff read it whole)."""
    for command in (("run", "/dev/zero"), ("config", "validate", "/dev/zero")):
        done = run_llem(*command, timeout=60)
        assert done.returncode == 2, done.stderr
        assert "/dev/zero: not a regular file" in done.stderr


@pytest.mark.skipif(Path("/sys/class/powercap").is_dir(), reason="this machine has RAPL")
def test_a_named_sampler_that_cannot_measure_stops_before_the_model_loads(
    run_llem: RunLlem, echo_site: Path, tmp_path: Path
) -> None:
    done = run_llem(*ECHO_RUN, "--set", "measurement.energy.sampler=rapl", pythonpath=(echo_site,))
    assert done.returncode == 2, done.stderr
    assert "measurement.energy.sampler: rapl cannot measure here" in done.stderr
    assert "loading model" not in done.stderr
    assert not list(tmp_path.glob("results/*/result.json"))
