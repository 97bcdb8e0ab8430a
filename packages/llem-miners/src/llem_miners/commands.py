"""The work behind each ``llem-miners`` command (imported only when the command runs)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import click

from llem.plugins.host import build_host
from llem.records import import_string
from llem_miners.corpus_file import load_document
from llem_miners.diff import diff_corpora, summary
from llem_miners.gate.run import GateUsageError, miner_spec
from llem_miners.pipeline import mine_engine
from llem_miners.report import summary_lines, write_outputs
from llem_miners.setup import load_mining_setup
from llem_miners.shipped import write_mined_rules
from llem_miners.sources import chosen


def run_mine(
    engine: str,
    miners: Sequence[str],
    out: Path,
    *,
    source: Path | None,
    write: bool,
    commits: Mapping[str, str] | None = None,
) -> None:
    setup = load_mining_setup(engine)
    if setup.replayer is None and source is None:
        raise GateUsageError(
            f"engine {engine!r} registers no replayer, so its library cannot be run here: mine "
            "its sources instead (--source DIR, a checkout of the pinned version)"
        )
    if commits:
        setup = attrs.evolve(setup, library=attrs.evolve(setup.library, commits=dict(commits)))
    click.echo(
        f"mining {engine} from {setup.library.library} {setup.library.version} ...", err=True
    )
    run = mine_engine(setup, chosen(miners, source))
    for line in summary_lines(run):
        click.echo(line)
    files = write_outputs(run, out)
    click.echo("wrote " + ", ".join(str(path) for path in files))
    lines = diff_corpora(setup.document["rules"], run.merged.rules)
    click.echo(f"against the shipped corpus: {summary(lines)}")
    for line in lines:
        click.echo(f"  {line}")
    if write:  # gated when the engine has a replayer; else marked as read, never replayed
        note = None if run.replayed else UNREPLAYED_BLOCK
        _write(setup.corpus_path, engine, run.merged.added, note)


UNREPLAYED_BLOCK = (
    "replay: unavailable -- read off the library's sources (--source), never replayed: the "
    "engine registers no replayer"
)


def _write(
    path: Path | None, engine: str, rules: Sequence[dict[str, object]], note: str | None
) -> None:
    if path is None:
        raise GateUsageError("the shipped corpus is not a file on disk: cannot --write")
    changed = write_mined_rules(path, engine, rules, note)
    click.echo(f"{path}: {'updated' if changed else 'unchanged'} ({len(rules)} mined rules)")


def parse_commits(values: Sequence[str], source: Path | None) -> dict[str, str]:
    """``--commit`` values as file -> revision (``*``: every file); usage error without
    --source or for an empty part."""
    if values and source is None:
        raise GateUsageError("--commit records the revision of a source tree: give --source DIR")
    commits: dict[str, str] = {}
    for value in values:
        file, _, revision = value.rpartition("=")
        if not revision or (value.endswith("=") or value.startswith("=")):
            raise GateUsageError(f"--commit {value!r}: expected REVISION or FILE=REVISION")
        commits[file or "*"] = revision
    return commits


def run_schema(engine: str, argv: list[str]) -> int:
    spec = miner_spec(build_host().registry, engine)
    if not spec.schema_discovery:
        raise GateUsageError(f"engine {engine!r} names no schema_discovery in its MinerSpec")
    code: int = import_string(spec.schema_discovery)(argv)
    return code


def run_diff(old: Path, new: Path) -> None:
    old_rules = load_document(old.read_text(encoding="utf-8"))["rules"]
    new_rules = load_document(new.read_text(encoding="utf-8"))["rules"]
    lines = diff_corpora(old_rules, new_rules)
    for line in lines:
        click.echo(line)
    click.echo(summary(lines))
