"""Find the study folder that ``llem run FILE --resume`` continues."""

from __future__ import annotations

import json
from pathlib import Path

from llem.errors import UsageError
from llem.study.manifest import MANIFEST_FILE


def _manifests(output_dir: Path) -> list[tuple[Path, dict[str, object]]]:
    found = []
    for path in sorted(output_dir.glob(f"*/{MANIFEST_FILE}")):
        try:
            found.append((path.parent, json.loads(path.read_text())))
        except (OSError, ValueError):
            continue
    return found


def find_resumable(output_dir: Path, study: str, design_hash: str) -> Path:
    """The newest folder under ``output_dir`` holding this study design; a
    :class:`UsageError` that lists what is there when none does."""
    candidates = [
        (document.get("updated_at", ""), directory)
        for directory, document in _manifests(output_dir)
        if document.get("design_hash") == design_hash
    ]
    if candidates:
        return max(candidates, key=lambda item: (str(item[0]), str(item[1])))[1]
    same_name = [str(d) for d, doc in _manifests(output_dir) if doc.get("study") == study]
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
