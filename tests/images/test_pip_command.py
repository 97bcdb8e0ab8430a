"""The pip commands that prepare a wheelhouse for an image's Python and platform."""

from __future__ import annotations

import sys
from pathlib import Path

from llem.images.index_probe import reachable_args
from llem.images.pip_command import download_command, machine_arch, platform_tags, wheel_command

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def test_docker_architectures_become_wheel_architectures() -> None:
    assert machine_arch("amd64") == "x86_64"
    assert machine_arch("arm64") == "aarch64"


def test_platform_tags_cover_every_glibc_up_to_bookworms() -> None:
    tags = platform_tags("x86_64")
    assert tags[0] == "manylinux_2_36_x86_64"
    assert "manylinux_2_28_x86_64" in tags and "manylinux_2_17_x86_64" in tags
    assert tags[-3:] == ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
    assert "manylinux_2_37_x86_64" not in tags and "linux_x86_64" not in tags


def test_platform_tags_of_arm() -> None:
    tags = platform_tags("aarch64")
    assert tags[0] == "manylinux_2_36_aarch64" and tags[-1] == "manylinux2014_aarch64"


def test_download_command_targets_the_images_python_and_platforms(tmp_path: Path) -> None:
    command = download_command(
        tmp_path, ["llem-core==0.1.0", "torch==2.13.0"], "3.11", ["manylinux_2_36_x86_64"],
        ["--extra-index-url", CPU_INDEX],
    )  # fmt: skip
    assert command[:4] == [sys.executable, "-m", "pip", "download"]
    assert "--only-binary=:all:" in command
    assert command[command.index("--python-version") + 1] == "3.11"
    assert command[command.index("--implementation") + 1] == "cp"
    assert command[command.index("--platform") + 1] == "manylinux_2_36_x86_64"
    assert command[command.index("--extra-index-url") + 1] == CPU_INDEX
    assert command[command.index("--dest") + 1] == str(tmp_path)
    assert command[-2:] == ["llem-core==0.1.0", "torch==2.13.0"]


def test_wheel_command_builds_one_project_without_dependencies(tmp_path: Path) -> None:
    command = wheel_command(tmp_path, "/src/llem-core")
    assert command[3] == "wheel" and "--no-deps" in command
    assert command[command.index("--wheel-dir") + 1] == str(tmp_path)
    assert command[-1] == "/src/llem-core"


def unreachable(url: str) -> str | None:
    return (
        "nowhere.example is unreachable (Name or service not known)" if "nowhere" in url else None
    )


def test_an_unreachable_extra_index_is_left_out_with_a_warning() -> None:
    args = ["--extra-index-url", "https://nowhere.example/simple", "--pre"]
    kept, warnings = reachable_args(args, unreachable, environ={})
    assert kept == ["--pre"]
    assert warnings == [
        "left out --extra-index-url https://nowhere.example/simple:"
        " nowhere.example is unreachable (Name or service not known)"
    ]


def test_the_equals_form_and_find_links_are_probed_too() -> None:
    args = ["--find-links=https://nowhere.example/w", "-f", "https://ok.example/w"]
    kept, warnings = reachable_args(args, unreachable, environ={})
    assert kept == ["-f", "https://ok.example/w"] and len(warnings) == 1


def test_the_main_index_is_never_left_out() -> None:
    args = ["--index-url", "https://nowhere.example/simple"]
    assert reachable_args(args, unreachable, environ={}) == (args, [])


def test_nothing_is_probed_behind_a_proxy() -> None:
    args = ["--extra-index-url", "https://nowhere.example/simple"]
    environ = {"HTTPS_PROXY": "http://proxy.example:3128"}
    assert reachable_args(args, unreachable, environ=environ) == (args, [])
