"""What ``llem image`` prints: build progress, the built image, the table of images."""

from __future__ import annotations

import json
import time

import attrs
import click

from llem.cli.columns import render_columns
from llem.images import BuiltImage, ImageRow, rebuild_command
from llem.images.replaced import ReplacedImage

ALWAYS = ("Step ", "warning:", "building a wheel")
HEADER = ("image", "id", "size", "created", "engine", "variant", "library", "status")
MB = 1_000_000


class BuildProgress:
    """Receives each output line of a build: prints the steps (and warnings) with the seconds
    since the start; every line when ``verbose``."""

    def __init__(self, verbose: bool = False) -> None:
        self.verbose = verbose
        self.started = time.monotonic()

    def __call__(self, line: str) -> None:
        if line.startswith(ALWAYS):
            elapsed = time.monotonic() - self.started
            click.secho(f"[{elapsed:5.0f}s] {line}", err=True, bold=line.startswith("Step "))
        elif self.verbose:
            click.echo(f"        {line}", err=True)


def render_built(built: BuiltImage) -> str:
    wheelhouse = built.wheelhouse
    cached = "downloaded" if wheelhouse.downloaded else "cached, nothing downloaded"
    count = len(wheelhouse.wheels) + len(wheelhouse.own)
    return "\n".join(
        [
            f"built {built.name}",
            f"  id         {built.id.removeprefix('sha256:')[:12]}",
            f"  size       {built.size / MB:.0f} MB",
            f"  base       {built.base}",
            f"  wheelhouse {count} wheels, {wheelhouse.size / MB:.0f} MB,"
            f" {wheelhouse.seconds:.1f} s ({cached}): {wheelhouse.path}",
            f"  took       {built.seconds:.1f} s",
            *_replaced_line(built.replaced),
        ]
    )


def _replaced_line(replaced: ReplacedImage | None) -> list[str]:
    if replaced is None:
        return []
    outcome = "removed" if replaced.removed else f"kept: {replaced.kept_because}"
    short_id = replaced.id.removeprefix("sha256:")[:12]
    return [f"  replaced   {short_id} ({replaced.size / MB:.0f} MB): {outcome}"]


def render_table(rows: list[ImageRow]) -> str:
    if not rows:
        return "no llem engine images here; build one with: llem image build ENGINE"
    table = render_columns(HEADER, [_cells(row) for row in rows], indent="")
    stale = [_why(row) for row in rows if not row.matches]
    heading = ["", "not matching the installed llem and plugins:"] if stale else []
    return "\n".join([table, *heading, *stale])


def _why(row: ImageRow) -> str:
    problems = "".join(f"\n    - {problem}" for problem in row.problems)
    fix = rebuild_command(row.engine, row.variant, row.name)
    return f"  {row.name}{problems}\n    rebuild: {fix}"


def _cells(row: ImageRow) -> list[str]:
    status = "matches" if row.matches else "differs"
    return [row.name, row.id, f"{row.size / MB:.0f} MB", row.created, row.engine, row.variant,
            row.library_version, status]  # fmt: skip


def render_json(rows: list[ImageRow]) -> str:
    return json.dumps([{**attrs.asdict(row), "matches": row.matches} for row in rows], indent=2)
