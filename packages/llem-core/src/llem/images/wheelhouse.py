"""Every wheel an engine image installs, prepared on the host (the build itself needs no network).

The wheelhouse holds llem-core and the engine plugin (wheels built from local sources for an
editable or local install, else downloaded pinned to the installed version), the plugin's
``runtime`` extra and the variant's ``requirements``, each with its dependencies, for the image's
Python and platform. It is cached in llem's user cache folder
(``wheelhouse/<engine>-<variant>-py<python>``).

The image installs it in two steps, so that a change to llem's own code (an editable install)
reinstalls two small wheels, not torch: ``requirements.txt`` pins every other wheel exactly
(``pip install --no-index --find-links /wheelhouse -r /wheelhouse/requirements.txt``), then the
llem-core and plugin wheels (``own``) go in with ``--no-deps``.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import attrs

from llem.images.dist_source import dist_source
from llem.images.local_wheels import local_wheel
from llem.images.pip_run import OnLine
from llem.images.target import ImageTarget
from llem.images.wheel_download import download, fresh_wheels
from llem.images.wheel_names import split_wheels, wheel_pin
from llem.images.wheel_plan import (
    REQUIREMENTS,
    Sources,
    download_plan,
    wanted_requirements,
    write_requirements,
)
from llem.plugins.loader import CORE_DISTRIBUTION


@attrs.frozen
class Wheelhouse:
    """A prepared wheelhouse: its folder, the dependency wheels (``wheels``) and llem's own
    (``own``), the pinned ``requirements.txt`` lines, the top-level ``wanted`` requirements, and
    whether this preparation ran ``pip download`` (``False``: everything was cached)."""

    path: Path
    wheels: tuple[str, ...]
    own: tuple[str, ...]
    requirements: tuple[str, ...]
    wanted: tuple[str, ...]
    downloaded: bool
    seconds: float

    @property
    def size(self) -> int:
        return sum((self.path / wheel).stat().st_size for wheel in (*self.wheels, *self.own))


def cache_root() -> Path:
    """``wheelhouse`` in llem's user cache folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("llem")) / "wheelhouse"


def wheelhouse_dir(target: ImageTarget, root: Path | None = None) -> Path:
    name = f"{target.engine.name}-{target.variant}-py{target.image.python}"
    return (root or cache_root()) / name


def prepare_wheelhouse(
    target: ImageTarget, arch: str, on_line: OnLine, root: Path | None = None
) -> Wheelhouse:
    """Prepare (or reuse) the wheelhouse of ``target`` for wheel architecture ``arch``."""
    started = time.monotonic()
    folder = wheelhouse_dir(target, root)
    folder.mkdir(parents=True, exist_ok=True)
    sources = (dist_source(CORE_DISTRIBUTION), dist_source(target.distribution))
    local = [local_wheel(source, folder / "local", on_line) for source in sources]
    plan = download_plan(target, arch, sources, local)
    cached = fresh_wheels(folder, plan.key)
    if cached is None:
        _forget_own_wheels(folder, local)
    wheels = download(plan, folder, on_line) if cached is None else cached
    wheels += [Path(shutil.copy2(wheel, folder)).name for wheel in local if wheel is not None]
    wanted = wanted_requirements(target, sources, local)
    return _record(folder, wheels, sources, wanted, cached is None, started)


def _forget_own_wheels(folder: Path, local: list[Path | None]) -> None:
    """Remove the previous copies of llem's freshly built wheels: pip download resolves a local
    wheel from a file of the same name already in its destination, so an old copy would make it
    use the old wheel's dependencies (a changed extra would never be downloaded)."""
    for wheel in local:
        if wheel is not None:
            (folder / wheel.name).unlink(missing_ok=True)


def _record(
    folder: Path,
    wheels: list[str],
    sources: Sources,
    wanted: tuple[str, ...],
    downloaded: bool,
    started: float,
) -> Wheelhouse:
    """Split llem's own wheels from the others, write ``requirements.txt``, describe it all."""
    others, own = split_wheels(set(wheels), (source.name for source in sources))
    write_requirements(folder / REQUIREMENTS, others, wanted)
    pins = tuple(wheel_pin(wheel) for wheel in others)
    seconds = time.monotonic() - started
    return Wheelhouse(folder, tuple(others), tuple(own), pins, wanted, downloaded, seconds)
