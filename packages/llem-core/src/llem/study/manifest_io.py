"""Reading and writing ``manifest.json``."""

from __future__ import annotations

import json
from pathlib import Path

import cattrs

from llem.errors import UsageError
from llem.results.atomic import write_json_atomic
from llem.study.manifest import MANIFEST_FILE, MANIFEST_SCHEMA, Manifest


def _converter() -> cattrs.Converter:
    return cattrs.Converter(forbid_extra_keys=False)


def write_manifest(study_dir: Path, manifest: Manifest) -> None:
    write_json_atomic(study_dir / MANIFEST_FILE, _converter().unstructure(manifest))


def read_manifest(study_dir: Path) -> Manifest:
    """The study's manifest; a missing or unreadable one is a :class:`UsageError`."""
    path = study_dir / MANIFEST_FILE
    try:
        document = json.loads(path.read_text())
    except FileNotFoundError:
        raise UsageError(f"{study_dir}: not a study folder (no {MANIFEST_FILE})") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: cannot read the manifest: {error}") from None
    if document.get("schema_version") != MANIFEST_SCHEMA:
        raise UsageError(
            f"{path}: manifest schema {document.get('schema_version')!r}; this llem reads"
            f" {MANIFEST_SCHEMA!r}"
        )
    try:
        return _converter().structure(document, Manifest)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as error:
        raise UsageError(f"{path}: malformed manifest: {error}") from None
