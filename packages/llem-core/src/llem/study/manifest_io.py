"""Reading and writing ``manifest.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cattrs

from llem.errors import UsageError
from llem.results.atomic import write_json_atomic
from llem.study.manifest import MANIFEST_FILE, MANIFEST_KIND, MANIFEST_SCHEMA, Manifest


def _converter() -> cattrs.Converter:
    return cattrs.Converter(forbid_extra_keys=False)


def manifest_document(manifest: Manifest) -> dict[str, Any]:
    """The manifest as plain data, exactly as ``manifest.json`` holds it."""
    document: dict[str, Any] = _converter().unstructure(manifest)
    return document


def write_manifest(study_dir: Path, manifest: Manifest) -> None:
    write_json_atomic(study_dir / MANIFEST_FILE, manifest_document(manifest))


def read_manifest(study_dir: Path) -> Manifest:
    """The study's manifest; a missing or unreadable one is a :class:`UsageError`."""
    path = study_dir / MANIFEST_FILE
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise UsageError(f"{study_dir}: not a study folder (no {MANIFEST_FILE})") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: cannot read the manifest: {error}") from None
    if not isinstance(document, dict) or document.get("kind") != MANIFEST_KIND:
        raise UsageError(f"{path}: not an llem study manifest")
    if document.get("schema_version") != MANIFEST_SCHEMA:
        raise UsageError(
            f"{path}: manifest schema {document.get('schema_version')!r}; this llem reads"
            f" {MANIFEST_SCHEMA!r}"
        )
    try:
        manifest = _converter().structure(document, Manifest)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as error:
        raise UsageError(f"{path}: malformed manifest: {error}") from None
    for run in manifest.runs:
        _check_inside(study_dir, run.dir, f"{path}: run {run.id}: dir")
    return manifest


def _check_inside(study_dir: Path, relative: str, where: str) -> None:
    """Resume and retry remove and rename run folders: a manifest (edited, or crafted) must not
    point them outside the study, by an absolute path, ``..`` or a symbolic link."""
    candidate = Path(relative)
    inside = not candidate.is_absolute() and ".." not in candidate.parts and relative.strip()
    root = study_dir.resolve()
    if not inside or not (root / candidate).resolve().is_relative_to(root):
        raise UsageError(f"{where} {relative!r} is not a folder inside the study")
