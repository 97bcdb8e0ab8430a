"""A digest of source trees: sorted relative paths and the SHA-256 of each file's content.

An image records the digest of the ``llem`` package and of its engine plugin's package; with an
editable (development) install, a changed file changes the digest, so the image shows as stale.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath

from llem.images.schema_fingerprint import FINGERPRINT_LENGTH

BYTECODE = (".pyc", ".pyo")
PROJECT_JUNK = ("build", "dist", "__pycache__")


def is_bytecode(relative: PurePosixPath) -> bool:
    """``__pycache__`` folders and compiled files: they differ between machines, never the code."""
    return "__pycache__" in relative.parts or relative.suffix in BYTECODE


def is_project_junk(relative: PurePosixPath) -> bool:
    """Bytecode, hidden folders (``.pytest_cache``), build outputs and ``*.egg-info``."""
    parts = relative.parts[:-1]
    hidden = any(part.startswith(".") or part.endswith(".egg-info") for part in parts)
    return hidden or is_bytecode(relative) or any(part in PROJECT_JUNK for part in parts)


def tree_lines(
    root: Path, prefix: str, skip: Callable[[PurePosixPath], bool] = is_bytecode
) -> Iterator[str]:
    """One ``"prefix/relative/path sha256"`` line per file under ``root`` that ``skip`` keeps."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        if not skip(relative):
            yield f"{prefix}/{relative} {hashlib.sha256(path.read_bytes()).hexdigest()}"


def digest_lines(lines: Iterable[str]) -> str:
    """``sha256:`` and a prefix of the SHA-256 of ``lines``, sorted."""
    text = "\n".join(sorted(lines))
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def package_dir(package: str) -> Path:
    """The folder of an importable top-level package, found without importing it."""
    spec = importlib.util.find_spec(package)
    locations = spec.submodule_search_locations if spec is not None else None
    if not locations:
        raise ValueError(f"{package!r} is not an importable package folder")
    return Path(next(iter(locations)))


def source_digest(packages: Iterable[str]) -> str:
    """The digest over the source files of ``packages`` (top-level package names)."""
    return digest_lines(
        line for package in packages for line in tree_lines(package_dir(package), package)
    )
