"""``pip download`` into a wheelhouse, skipped when nothing it depends on changed.

A stamp (``.stamp.json``) records a key over everything that decides what pip resolves (the
requirements, the metadata of local wheels, the Python version, the platforms, pip's extra
arguments) and the wheels the download used; when the key matches and those wheels are all there,
pip is not run at all, so a warm build downloads nothing. After a download, wheels that an earlier
resolution left and this one did not use are removed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from llem.images.index_probe import reachable_args
from llem.images.pip_command import download_command
from llem.images.pip_run import OnLine, run_pip

STAMP = ".stamp.json"
USED = re.compile(r"^(?:Saved|File was already downloaded) (?P<path>.+\.whl)\s*$")


@attrs.frozen
class Download:
    """What to download: ``requirements`` as pip takes them (local wheel paths included)."""

    requirements: tuple[str, ...]
    python: str
    platforms: tuple[str, ...]
    pip_args: tuple[str, ...]
    key_parts: tuple[str, ...]
    """Stand-ins for what a path cannot show (the metadata of each local wheel)."""

    @property
    def key(self) -> str:
        text = json.dumps(attrs.asdict(self, filter=lambda a, _: a.name != "requirements"))
        return hashlib.sha256(text.encode()).hexdigest()


def fresh_wheels(folder: Path, key: str) -> list[str] | None:
    """The wheels of the last download when its key is ``key`` and all are still there."""
    stamp = folder / STAMP
    if not stamp.is_file():
        return None
    recorded = json.loads(stamp.read_text())
    wheels: list[str] = recorded["wheels"]
    fresh = recorded["key"] == key and all((folder / wheel).is_file() for wheel in wheels)
    return wheels if fresh else None


def download(plan: Download, folder: Path, on_line: OnLine) -> list[str]:
    """Run ``pip download``; remove wheels it did not use; record the stamp; the wheels used."""
    pip_args, warnings = reachable_args(plan.pip_args)
    for warning in warnings:
        on_line(f"warning: {warning}")
    command = download_command(folder, plan.requirements, plan.python, plan.platforms, pip_args)
    used = used_wheels(run_pip(command, on_line))
    if used:
        remove_unused(folder, used)
    wheels = sorted(used or (path.name for path in folder.glob("*.whl")))
    (folder / STAMP).write_text(json.dumps({"key": plan.key, "wheels": wheels}))
    return wheels


def used_wheels(lines: Iterable[str]) -> set[str]:
    """The wheel file names pip's output says it saved or found already downloaded."""
    matches = (USED.match(line.strip()) for line in lines)
    return {Path(match["path"]).name for match in matches if match}


def remove_unused(folder: Path, used: Sequence[str] | set[str]) -> None:
    for path in folder.glob("*.whl"):
        if path.name not in used:
            path.unlink()
