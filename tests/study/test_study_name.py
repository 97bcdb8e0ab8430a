"""A study's `name` is one folder name: the study folder is `<output_dir>/<name>_<time>`."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.errors import ConfigError
from llem.study.study_file import read_study_file

STUDY = "name: {name}\ntask: {{model: m}}\nsweep:\n  task.n_prompts: [1, 2]\n"


@pytest.mark.parametrize("name", ["../outside", "/tmp/abs", "a/b", "'..'"])
def test_a_study_name_that_would_leave_the_output_folder_is_refused(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "study.yaml"
    path.write_text(STUDY.format(name=name))
    with pytest.raises(ConfigError) as raised:
        read_study_file(path)
    (problem,) = raised.value.problems
    assert problem.startswith(f"{path}:1:1: name: must be a"), problem


def test_a_plain_name_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "study.yaml"
    path.write_text(STUDY.format(name="batch-sweep.v2"))
    assert read_study_file(path).name == "batch-sweep.v2"
