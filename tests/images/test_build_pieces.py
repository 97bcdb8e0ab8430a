"""The pieces of a build that need no Docker engine: the context tar, the base image chosen, and
following the daemon's build output (its JSON chunks, as the legacy builder sends them)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from llem.errors import ImageBuildError, UsageError
from llem.images.build_output import BuildFollower
from llem.images.context import write_context
from llem.images.dockerfile import choose_base, default_base
from llem.images.wheelhouse import Wheelhouse

DOCKERFILE = "ARG BASE=python:3.11-slim\nFROM ${BASE} AS install\n"


def test_the_base_is_the_flag_then_the_environment_then_the_dockerfile() -> None:
    assert default_base(DOCKERFILE) == "python:3.11-slim"
    assert choose_base(DOCKERFILE, environ={}) == "python:3.11-slim"
    environ = {"LLEM_IMAGE_BASE": "llem-base:bookworm"}
    assert choose_base(DOCKERFILE, environ=environ) == "llem-base:bookworm"
    assert choose_base(DOCKERFILE, "mine:1", environ=environ) == "mine:1"


def test_a_dockerfile_without_a_base_default_needs_one() -> None:
    with pytest.raises(UsageError, match="--base"):
        choose_base("ARG BASE\nFROM ${BASE}\n", environ={})


def test_the_context_holds_dockerfile_wheelhouse_and_llem(tmp_path: Path) -> None:
    for name in ("torch-2.13.0-x.whl", "llem_core-0.1.0-py3-none-any.whl", "requirements.txt"):
        (tmp_path / name).write_text(name)
    wheelhouse = Wheelhouse(
        tmp_path, ("torch-2.13.0-x.whl",), ("llem_core-0.1.0-py3-none-any.whl",), (), (), False, 0
    )
    with write_context(DOCKERFILE, wheelhouse) as context, tarfile.open(fileobj=context) as tar:
        members = {member.name: member for member in tar.getmembers()}
        assert sorted(members) == [
            "Dockerfile",
            "llem/llem_core-0.1.0-py3-none-any.whl",
            "wheelhouse/requirements.txt",
            "wheelhouse/torch-2.13.0-x.whl",
        ]
        assert {(m.mtime, m.uid, m.mode) for m in members.values()} == {(0, 0, 0o644)}
        dockerfile = tar.extractfile("Dockerfile")
        assert dockerfile is not None and dockerfile.read().decode() == DOCKERFILE


CHUNKS = [
    {"stream": "Step 1/3 : ARG BASE=python:3.11-slim\n"},
    {"stream": "Step 2/3 : FROM ${BASE}\n"},
    {"stream": " ---> 2c9d1c8a0d57\n"},
    {"stream": "Step 3/3 : RUN pip install -r /wheelhouse/requirements.txt\n"},
    {"stream": "Processing /wheelhouse/torch.whl\nInstalling collected packages: torch\n"},
]


def test_each_line_is_passed_on_and_the_image_id_found() -> None:
    lines: list[str] = []
    done = [{"aux": {"ID": "sha256:abc123"}}, {"stream": "Successfully built abc123\n"}]
    assert BuildFollower(lines.append).follow([*CHUNKS, *done]) == "sha256:abc123"
    assert lines[0] == "Step 1/3 : ARG BASE=python:3.11-slim"
    assert "Installing collected packages: torch" in lines


def test_an_error_names_the_failing_step_and_the_output_tail() -> None:
    error = {"error": "The command '/bin/sh -c pip install' returned a non-zero code: 1"}
    with pytest.raises(ImageBuildError) as raised:
        BuildFollower(lambda line: None).follow([*CHUNKS, error])
    first, *tail = str(raised.value).splitlines()
    assert first == (
        "docker build failed at Step 3/3 : RUN pip install -r /wheelhouse/requirements.txt:"
        " The command '/bin/sh -c pip install' returned a non-zero code: 1"
    )
    assert tail[-1] == "  | Installing collected packages: torch"


def test_output_without_an_image_id_is_a_failure() -> None:
    with pytest.raises(ImageBuildError, match="without an image id"):
        BuildFollower(lambda line: None).follow(CHUNKS)
