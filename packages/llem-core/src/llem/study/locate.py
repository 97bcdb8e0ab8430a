"""Find the study folder that ``llem run FILE --resume`` continues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from llem.errors import UsageError
from llem.study.manifest import MANIFEST_FILE, MANIFEST_KIND


def earlier_studies(output_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Each study folder under ``output_dir`` with its manifest as plain data; a manifest being
    written, broken, or not an llem study's is passed over (there is nothing to learn from it)."""
    found = []
    for path in sorted(output_dir.glob(f"*/{MANIFEST_FILE}")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(document, dict) and document.get("kind") == MANIFEST_KIND:
            found.append((path.parent, document))
    return found


def find_resumable(output_dir: Path, study: str, design_hash: str) -> Path:
    """The newest folder under ``output_dir`` holding this study design; a
    :class:`UsageError` that lists what is there when none does."""
    candidates = [
        (document.get("updated_at", ""), directory)
        for directory, document in earlier_studies(output_dir)
        if document.get("design_hash") == design_hash
    ]
    if candidates:
        return max(candidates, key=lambda item: (str(item[0]), str(item[1])))[1]
    same_name = [str(d) for d, doc in earlier_studies(output_dir) if doc.get("study") == study]
    hint = (
        f"; folders of study {study!r} with another design (the study file changed?): "
        + ", ".join(same_name)
        + " — continue one with --resume-dir DIR"
        if same_name
        else ""
    )
    raise UsageError(
        f"nothing to resume: no study with design {design_hash} under {output_dir}{hint}"
    )
