"""Wheelhouse bookkeeping: what pip used, the stamp that skips a warm download, the requirements
file, where a distribution came from, and a failing pip."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import attrs
import pytest

from llem.errors import ImageBuildError
from llem.images import ImageTarget
from llem.images.dist_source import DistSource, dist_source, local_path
from llem.images.pip_run import run_pip
from llem.images.wheel_download import STAMP, Download, fresh_wheels, used_wheels
from llem.images.wheel_names import split_wheels, wheel_pin
from llem.images.wheel_plan import (
    download_plan,
    wanted_requirements,
    with_extra,
    write_requirements,
)
from llem.images.wheelhouse import _forget_own_wheels, wheelhouse_dir

TORCH = "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"
CORE = "llem_core-0.1.0-py3-none-any.whl"
PLUGIN = "llem_engine_transformers-0.1.0-py3-none-any.whl"
YAML_CLIB = "ruamel.yaml.clib-0.2.14-cp311-cp311-manylinux2014_x86_64.whl"
WHEEL_FILE = "Wheel-Version: 1.0\nGenerator: llem-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def fake_wheel(folder: Path, filename: str, requires: tuple[str, ...] = ()) -> Path:
    """A wheel holding only its METADATA."""
    name, version = filename.split("-")[:2]
    lines = [f"Name: {name.replace('_', '-')}", f"Version: {version}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    path = folder / filename
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(lines) + "\n")
        archive.writestr(f"{name}-{version}.dist-info/WHEEL", WHEEL_FILE)
    return path


def test_pip_output_names_the_wheels_it_used() -> None:
    lines = [
        "Collecting torch==2.13.0",
        f"Saved ./wh/{TORCH}",
        f"File was already downloaded /cache/wh/{CORE}",
        "Successfully downloaded torch llem-core",
    ]
    assert used_wheels(lines) == {TORCH, CORE}


def test_wheel_pins_are_exact_and_normalized() -> None:
    assert wheel_pin(TORCH) == "torch==2.13.0+cpu"
    assert wheel_pin(YAML_CLIB) == "ruamel-yaml-clib==0.2.14"


def test_llem_own_wheels_are_split_from_the_dependencies() -> None:
    others, own = split_wheels({TORCH, CORE, PLUGIN}, ["llem-core", "llem-engine-transformers"])
    assert (others, own) == ([TORCH], [CORE, PLUGIN])


def test_requirements_pin_every_dependency_under_what_was_asked(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    write_requirements(path, [YAML_CLIB, TORCH], ("llem-core==0.1.0", "torch==2.13.0"))
    assert path.read_text().splitlines() == [
        "# Resolved on the host (pip download) from:",
        "#   llem-core==0.1.0",
        "#   torch==2.13.0",
        "ruamel-yaml-clib==0.2.14",
        "torch==2.13.0+cpu",
    ]


def test_an_extra_goes_before_the_pin_or_after_a_wheel_path() -> None:
    assert with_extra("llem-engine-transformers==0.1.0", "runtime") == (
        "llem-engine-transformers[runtime]==0.1.0"
    )
    assert with_extra(f"/w/{PLUGIN}", "runtime") == f"/w/{PLUGIN}[runtime]"


def plan(**changes: object) -> Download:
    download = Download(
        requirements=(f"/a/{CORE}", "torch==2.13.0"),
        python="3.11",
        platforms=("manylinux_2_36_x86_64",),
        pip_args=(),
        key_parts=("llem-core\n0.1.0\nattrs>=23.2",),
    )
    return attrs.evolve(download, **changes)


def test_the_stamp_key_ignores_where_a_local_wheel_lies() -> None:
    assert plan().key == plan(requirements=(f"/b/{CORE}", "torch==2.13.0")).key


def test_the_stamp_key_follows_what_decides_the_resolution() -> None:
    keys = {
        plan().key,
        plan(python="3.12").key,
        plan(pip_args=("--pre",)).key,
        plan(key_parts=("llem-core\n0.1.0\nattrs>=24",)).key,
        plan(platforms=("manylinux_2_36_aarch64",)).key,
    }
    assert len(keys) == 5


def test_a_fresh_stamp_skips_the_download_until_a_wheel_is_gone(tmp_path: Path) -> None:
    (tmp_path / TORCH).write_bytes(b"wheel")
    (tmp_path / STAMP).write_text(json.dumps({"key": "k1", "wheels": [TORCH]}))
    assert fresh_wheels(tmp_path, "k1") == [TORCH]
    assert fresh_wheels(tmp_path, "k2") is None
    (tmp_path / TORCH).unlink()
    assert fresh_wheels(tmp_path, "k1") is None


def test_the_download_names_local_wheels_by_path(cpu_target: ImageTarget, tmp_path: Path) -> None:
    core = fake_wheel(tmp_path, CORE, ("attrs>=23.2",))
    plugin = fake_wheel(tmp_path, PLUGIN, ("llem-core<0.2,>=0.1",))
    sources = (
        DistSource("llem-core", "0.1.0", tmp_path),
        DistSource("llem-engine-transformers", "0.1.0"),
    )
    download = download_plan(cpu_target, "x86_64", sources, [core, plugin])
    assert download.requirements == (str(core), f"{plugin}[runtime]", "torch==2.13.0")
    assert download.pip_args == ("--extra-index-url", "https://download.pytorch.org/whl/cpu")
    assert download.platforms[0] == "manylinux_2_36_x86_64"
    assert wanted_requirements(cpu_target, sources, [core, None]) == (
        "llem-core==0.1.0", "llem-engine-transformers[runtime]==0.1.0", "torch==2.13.0"
    )  # fmt: skip


def test_the_variants_requirements_and_extra_decide_the_stamp_key(
    cpu_target: ImageTarget, tmp_path: Path
) -> None:
    """A changed pin (`torch==` to `torch===`, which keeps a local +cpu build out) or extra must
    download again, though local wheel paths are left out of the key."""
    plugin = fake_wheel(tmp_path, PLUGIN)
    sources = (DistSource("llem-core", "0.1.0"), DistSource("llem-engine-transformers", "0.1.0"))

    def key(**image_changes: object) -> str:
        image = attrs.evolve(cpu_target.image, **image_changes)
        target = attrs.evolve(cpu_target, image=image)
        return download_plan(target, "x86_64", sources, [None, plugin]).key

    keys = {key(), key(requirements=("torch===2.13.0",)), key(extra="cpu")}
    assert len(keys) == 3


def test_the_wheelhouse_is_per_engine_variant_and_python(
    cpu_target: ImageTarget, tmp_path: Path
) -> None:
    assert wheelhouse_dir(cpu_target, tmp_path) == tmp_path / "transformers-cpu-py3.11"


def test_an_editable_install_is_a_local_project() -> None:
    source = dist_source("llem-core")
    assert source.path is not None and (source.path / "pyproject.toml").is_file()
    assert not source.is_wheel


def test_direct_url_json_names_local_paths_only(tmp_path: Path) -> None:
    editable = {"url": tmp_path.as_uri(), "dir_info": {"editable": True}}
    assert local_path(json.dumps(editable)) == tmp_path
    assert local_path(json.dumps({"url": "https://example.org/x.whl", "archive_info": {}})) is None
    assert local_path(json.dumps({"url": (tmp_path / "gone").as_uri()})) is None
    assert local_path(None) is None


def test_a_failing_pip_names_the_command_and_its_output() -> None:
    lines: list[str] = []
    command = [sys.executable, "-m", "pip", "download", "--no-index", "--dest", "/tmp",
               "no-such-distribution-llem-test==1.0"]  # fmt: skip
    with pytest.raises(ImageBuildError) as raised:
        run_pip(command, lines.append)
    message = str(raised.value)
    assert message.startswith("pip failed (exit 1): ")
    assert "no-such-distribution-llem-test==1.0" in message.splitlines()[0]
    assert "| ERROR" in message and lines


def test_a_rebuilt_local_wheel_is_resolved_from_its_new_metadata(tmp_path: Path) -> None:
    """pip download takes a local wheel from a same-named file already in its destination: the
    previous build of llem's own wheel is removed first, so a new dependency is downloaded."""
    wheelhouse, local, index = (tmp_path / name for name in ("wheelhouse", "local", "index"))
    for folder in (wheelhouse, local, index):
        folder.mkdir()
    fake_wheel(wheelhouse, PLUGIN)  # the previous build, without the new dependency
    rebuilt = fake_wheel(local, PLUGIN, ("dep-a==1.0",))
    fake_wheel(index, "dep_a-1.0-py3-none-any.whl")
    _forget_own_wheels(wheelhouse, [rebuilt, None])
    command = [sys.executable, "-m", "pip", "download", "--no-index", "--find-links", str(index)]
    command += ["--dest", str(wheelhouse), str(rebuilt)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (wheelhouse / "dep_a-1.0-py3-none-any.whl").is_file()
