"""A new study's folder: ``<output_dir>/<name>_<UTC stamp>/`` with the study file and manifest."""

from __future__ import annotations

import shutil
from pathlib import Path

from llem.results.folders import new_stamped_dir
from llem.study.manifest import Manifest
from llem.study.manifest_io import write_manifest

STUDY_COPY = "study.yaml"


def create_study_dir(manifest: Manifest, output_dir: Path) -> Path:
    directory = new_stamped_dir(output_dir, manifest.study)
    # Built under a hidden name and renamed: a host killed half-way leaves no half a study.
    staging = output_dir / f".{directory.name}.tmp"
    staging.mkdir(parents=True)
    shutil.copyfile(manifest.study_file, staging / STUDY_COPY)
    write_manifest(staging, manifest)
    staging.rename(directory)
    return directory
