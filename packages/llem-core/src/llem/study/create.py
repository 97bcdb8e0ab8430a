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
    directory.mkdir(parents=True)
    shutil.copyfile(manifest.study_file, directory / STUDY_COPY)
    write_manifest(directory, manifest)
    return directory
