"""Wheels of llem and its engine plugin when they are installed from local sources.

A project folder is built with ``pip wheel --no-deps`` into a folder of its own, once per content:
a stamp beside the wheel remembers the digest of the sources it was built from, so an unchanged
checkout is not built again. A local wheel file is used as it is.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from email.parser import Parser
from pathlib import Path

from llem.images.dist_source import DistSource
from llem.images.pip_command import wheel_command
from llem.images.pip_run import OnLine, run_pip
from llem.images.source_digest import digest_lines, is_project_junk, tree_lines


def local_wheel(source: DistSource, folder: Path, on_line: OnLine) -> Path | None:
    """The wheel of ``source`` (built into ``folder``, or the wheel it was installed from), or
    ``None`` when the distribution comes from an index."""
    if source.path is None or source.is_wheel:
        return source.path
    digest = project_digest(source.path)
    stamp = folder / f"{source.name}.json"
    return _stamped_wheel(stamp, digest) or _build(source, digest, stamp, on_line)


def project_digest(path: Path) -> str:
    """The digest of a project folder's files (not of its caches and build outputs)."""
    if path.is_file():
        return digest_lines([f"{path.name} {path.stat().st_size} {path.stat().st_mtime_ns}"])
    return digest_lines(tree_lines(path, ".", is_project_junk))


def _stamped_wheel(stamp: Path, digest: str) -> Path | None:
    if not stamp.is_file():
        return None
    recorded = json.loads(stamp.read_text())
    wheel = stamp.parent / recorded["wheel"]
    return wheel if recorded["digest"] == digest and wheel.is_file() else None


def _build(source: DistSource, digest: str, stamp: Path, on_line: OnLine) -> Path:
    assert source.path is not None
    on_line(f"building a wheel of {source.name} from {source.path}")
    with tempfile.TemporaryDirectory() as scratch:
        run_pip(wheel_command(Path(scratch), str(source.path)), on_line)
        (built,) = Path(scratch).glob("*.whl")
        stamp.parent.mkdir(parents=True, exist_ok=True)
        wheel = Path(shutil.move(built, stamp.parent / built.name))
    stamp.write_text(json.dumps({"digest": digest, "wheel": wheel.name}))
    return wheel


def wheel_requirements(wheel: Path) -> list[str]:
    """``Name``, ``Version`` and every ``Requires-Dist`` of a wheel: what it makes pip download."""
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode())
    head = [metadata["Name"], metadata["Version"]]
    return head + sorted(metadata.get_all("Requires-Dist") or [])
