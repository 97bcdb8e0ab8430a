"""A new study's folder: ``<output_dir>/<name>_<UTC stamp>/`` with the study file and manifest."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from llem.errors import UsageError
from llem.results.folders import new_stamped_dir
from llem.study.manifest import Manifest
from llem.study.manifest_io import write_manifest

STUDY_COPY = "study.yaml"
STALE_STAGING_S = 600.0
"""A staging folder lives for milliseconds; one this old was left by a host that was killed."""


def create_study_dir(manifest: Manifest, output_dir: Path) -> Path:
    """Build the folder under a unique hidden name, then rename it to a free stamped name: a host
    killed half-way leaves no half a study, and two hosts starting in the same second each get
    their own folder (``-2``, ``-3``, ...)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(output_dir, manifest.study)
    staging = Path(tempfile.mkdtemp(prefix=f".{manifest.study}-", suffix=".tmp", dir=output_dir))
    shutil.copyfile(manifest.study_file, staging / STUDY_COPY)
    write_manifest(staging, manifest)
    while True:
        directory = new_stamped_dir(output_dir, manifest.study)
        try:
            staging.rename(directory)
        except OSError as error:
            if not directory.exists():  # not another host taking the name: a real failure
                raise UsageError(f"cannot create the study folder {directory}: {error}") from None
            continue
        return directory


def _remove_stale_staging(output_dir: Path, study: str) -> None:
    cutoff = time.time() - STALE_STAGING_S
    for folder in output_dir.glob(f".{study}-*.tmp"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue
