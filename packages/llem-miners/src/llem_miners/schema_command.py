"""``llem-miners schema ENGINE --write|--check``: regenerate or check an engine's ``schema.json``
from its installed library, the same way for every engine.

Each engine's ``mining/schema_discovery.py`` knows how to read its library
(:attr:`SchemaCommand.discover`); this module holds the rest: refusing a library other than the
pinned one (exit 2), writing the schema, or comparing it with the shipped one (exit 1 when stale,
with the parameters that changed).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from llem.errors import LlemError
from llem.rules.schema import EngineSchema, dump_schema, parse_schema
from llem.rules.schema_diff import diff_schemas, render_diff

EXIT_STALE = 1
EXIT_WRONG_LIBRARY = 2


@attrs.frozen
class SchemaCommand:
    """One engine's schema command. ``library``: how messages name the library (``vllm``);
    ``installed``: the installed library's version (imports it); ``pinned``: the version the
    engine pins; ``install``: the command that installs a version (``{version}`` filled in)."""

    engine: str
    library: str
    schema_file: Path
    discover: Callable[[], EngineSchema]
    installed: Callable[[], str]
    pinned: Callable[[], str]
    install: str

    def main(self, argv: Sequence[str] | None = None) -> int:
        """``--write`` or ``--check``; exit 2 for a library other than the pinned one."""
        options = self._parser().parse_args(argv)
        installed, pinned = self.installed(), self.pinned()
        if installed != pinned:
            print(
                f"installed {self.library} {installed} is not the pinned {pinned}; "
                f"install it: {self.install.format(version=pinned)}"
            )
            return EXIT_WRONG_LIBRARY
        fresh = dump_schema(self.discover())
        if options.check:
            return self.check(fresh)
        self.schema_file.write_text(fresh, encoding="utf-8")
        print(f"wrote {self.schema_file} ({self.library} {installed})")
        return 0

    def check(self, fresh: str) -> int:
        """0 when the shipped schema is ``fresh``, else 1 with what changed."""
        regenerate = f"regenerate it: llem-miners schema {self.engine} --write"
        if not self.schema_file.is_file():
            print(f"{self.schema_file} is missing; {regenerate}")
            return EXIT_STALE
        shipped = self.schema_file.read_text(encoding="utf-8")
        if shipped == fresh:
            print(f"{self.schema_file.name} is up to date")
            return 0
        name = self.schema_file.name
        print(f"{name} differs from what the installed {self.library} gives; {regenerate}")
        print(self._summary(shipped, fresh))
        return EXIT_STALE

    def _summary(self, shipped: str, fresh: str) -> str:
        try:
            old = parse_schema(shipped, str(self.schema_file))
            diff = diff_schemas(old, parse_schema(fresh, "fresh"))
        except LlemError as error:
            return str(error)
        return render_diff(diff) if diff.changes else "(layout only: no parameter changed)"

    def _parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(
            prog=f"llem-miners schema {self.engine}",
            description=f"Generate or check the {self.engine} engine's parameter schema "
            "(schema.json).",
        )
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--write", action="store_true", help="regenerate schema.json")
        action.add_argument("--check", action="store_true", help="exit 1 if schema.json is stale")
        return parser


def pinned_version(pin_file: Path, declared: str) -> str:
    """The pinned library version: the pin file in a source checkout, else what the installed
    plugin declares (an installed wheel, e.g. in the engine's image, has no pin file)."""
    if pin_file.is_file():
        from ruamel.yaml import YAML

        pin = YAML(typ="safe").load(pin_file.read_text(encoding="utf-8"))
        return str(pin["library"]["version"])
    return declared
