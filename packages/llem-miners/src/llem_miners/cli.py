"""``llem-miners``: mine, gate, diff and rediscover the schema of an engine's rule corpus.

Run it inside the engine's environment (its image, or ``nox -s "mine(vllm)"``): the library
version installed there is the one mined and replayed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from llem_miners.gate.run import GateUsageError

EPILOG = """\b
After a library upgrade:
  llem-miners schema ENGINE --write     # the engine's schema.json from the new library
  llem-miners mine ENGINE               # mine it; review the diff it prints
  llem-miners mine ENGINE --write       # put the new mined rules into the shipped corpus
  llem-miners gate ENGINE               # every rule, hand-written and mined, replayed
"""


@click.group(epilog=EPILOG)
def cli() -> None:
    """Mine llem's rule corpora from each engine's library, and gate them against it."""


@cli.command()
@click.argument("engine")
@click.option("--miner", "miners", multiple=True, type=click.Choice(["static", "lift", "dynamic"]),
              help="Run only these miners (repeatable; default: all).")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Where to write mined.yaml, merged.yaml, unmined.yaml, report.yaml "
                   "(default: .mining/ENGINE).")  # fmt: skip
@click.option("--source", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None,
              help="Read the library's code and pydantic models from this source tree, "
                   "without importing it (no dynamic miner).")  # fmt: skip
@click.option("--commit", "commits", multiple=True, metavar="[FILE=]REVISION",
              help="With --source: the revision the sources were read at, recorded in each "
                   "rule's source (FILE=REVISION for one file; repeatable).")  # fmt: skip
@click.option("--write", is_flag=True,
              help="Also put the new mined rules into the shipped corpus.")  # fmt: skip
def mine(
    engine: str,
    miners: Sequence[str],
    out: Path | None,
    source: Path | None,
    commits: Sequence[str],
    write: bool,
) -> None:
    """Mine ENGINE's rules from its installed library; gate them; merge and diff them.

    With --source DIR, the static miner and the pydantic lift read a checkout of the library's
    sources instead (for a library that cannot be installed here). An engine without a
    replayer gets nothing replayed, and --write marks its mined rules as read, never replayed."""
    from llem_miners.commands import parse_commits, run_mine

    run_mine(
        engine,
        miners,
        out or Path(".mining") / engine,
        source=source,
        commits=parse_commits(commits, source),
        write=write,
    )


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("engine")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def gate(engine: str, args: Sequence[str]) -> None:
    """Replay every rule of ENGINE's corpus against the installed library (--rules FILE,
    --observed FILE, --quiet). Exit 1 on any divergent rule."""
    from llem_miners.gate.run import main as gate_main

    sys.exit(gate_main([engine, *args]))


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("engine")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def schema(engine: str, args: Sequence[str]) -> None:
    """Check ENGINE's schema.json against the installed library (--check, the default), or
    regenerate it (--write)."""
    from llem_miners.commands import run_schema

    sys.exit(run_schema(engine, list(args) or ["--check"]))


@cli.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Show what changed between two corpus files, rule by rule (+ added, - removed, ~ changed)."""
    from llem_miners.commands import run_diff

    run_diff(old, new)


def main(argv: Sequence[str] | None = None) -> None:
    """The console script: usage problems exit 2 with one line, never a traceback."""
    try:
        result = cli.main(args=argv, prog_name="llem-miners", standalone_mode=False)
        sys.exit(result if isinstance(result, int) else 0)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
    except GateUsageError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
