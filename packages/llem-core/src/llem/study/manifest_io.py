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
        return _converter().structure(document, Manifest)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as error:
        raise UsageError(f"{path}: malformed manifest: {error}") from None
