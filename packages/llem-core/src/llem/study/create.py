"""A new study's folder: ``<output_dir>/<name>_<UTC stamp>/`` with the study file and manifest."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from llem.study.manifest import Manifest
from llem.study.manifest_io import write_manifest

STUDY_COPY = "study.yaml"


def create_study_dir(manifest: Manifest, output_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    directory, suffix = output_dir / f"{manifest.study}_{stamp}", 1
    while directory.exists():
        suffix += 1
        directory = output_dir / f"{manifest.study}_{stamp}-{suffix}"
    # Built under a hidden name and renamed: a host killed half-way leaves no half a study.
    staging = output_dir / f".{directory.name}.tmp"
    staging.mkdir(parents=True)
    shutil.copyfile(manifest.study_file, staging / STUDY_COPY)
    write_manifest(staging, manifest)
    staging.rename(directory)
    return directory
