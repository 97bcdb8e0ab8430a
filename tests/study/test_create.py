"""A new study folder: built under a unique hidden name and renamed to a free one, so hosts that
start together never collide, and what a killed host left behind is cleaned up."""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs

from llem.study.create import STALE_STAGING_S, create_study_dir
from llem.study.manifest_io import read_manifest

from .manifest_factory import manifest


def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    study_file = tmp_path / "study.yaml"
    study_file.write_text("name: demo\n")
    return attrs.evolve(manifest(), study_file=str(study_file))


def test_hosts_starting_in_the_same_second_get_a_folder_each(tmp_path: Path) -> None:
    known, output = demo(tmp_path), tmp_path / "results"
    with ThreadPoolExecutor(8) as pool:
        folders = list(pool.map(lambda _: create_study_dir(known, output), range(8)))
    assert len(set(folders)) == 8
    assert all(read_manifest(folder) == known for folder in folders)
    assert not [path for path in output.iterdir() if path.name.startswith(".")]


def test_a_killed_hosts_staging_folder_is_removed_once_stale(tmp_path: Path) -> None:
    known, output = demo(tmp_path), tmp_path / "results"
    stale, fresh = output / ".demo-abc.tmp", output / ".demo-def.tmp"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
    old = time.time() - STALE_STAGING_S - 60
    os.utime(stale, (old, old))
    create_study_dir(known, output)
    assert not stale.exists()
    assert fresh.exists()  # maybe another host's, being built right now
