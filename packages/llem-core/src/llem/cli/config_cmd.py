"""``llem config``: the environment at a glance, config validation, and engine parameters."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from llem.cli.checks_display import render_checks
from llem.cli.context import CliState
from llem.errors import LlemError, UsageError

if TYPE_CHECKING:
    from llem.rules.schema import EngineSchema

EXIT_BREAKING = 1


@click.group(invoke_without_command=True)
@click.pass_context
def config(ctx: click.Context) -> None:
    """The environment at a glance; validate configs; list engine parameters.

    \b
    Without a sub-command: installed engines and whether their libraries are here, GPUs, energy
    samplers, Docker, and the user config file with the values it sets.

    \b
    Examples:
      llem config
      llem config validate examples/quickstart.yaml
      llem config show transformers --section transformers.generation
    """
    if ctx.invoked_subcommand is None:
        from llem.cli.environment_view import render_environment

        click.echo(render_environment(ctx.ensure_object(CliState).host))


@config.command()
@click.argument("config_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="KEY.PATH=VALUE", help="As for llem run.")
@click.pass_obj
def validate(state: CliState, /, config_files: tuple[Path, ...], sets: tuple[str, ...]) -> None:
    """Check experiment or study files against the engines' rules, loading no model.

    Resolves each config exactly as `llem run` would (user config, LLEM_CFG_ variables, the file,
    --set), checks types and keys, the engine's parameter schema and its rule corpus. Errors name
    the file, line and key, the rule and the library source it came from; exit code 2. Warnings and
    dormant values (settings the library would ignore) are listed; exit code 0. Several files
    (`llem config validate examples/*.yaml`) are each checked, and any invalid one exits 2.
    """
    if len(config_files) == 1:
        _validate_one(state, config_files[0], sets)
        return
    invalid: list[str] = []
    for config_file in config_files:
        try:
            _validate_one(state, config_file, sets)
        except LlemError as error:
            click.secho(f"error: {error}", fg="red", err=True)
            invalid.append(str(config_file))
    if invalid:
        raise UsageError(
            f"{len(invalid)} of {len(config_files)} files invalid: {', '.join(invalid)}"
        )


def _validate_one(state: CliState, config_file: Path, sets: tuple[str, ...]) -> None:
    from llem.cli.validate_run import validate_file
    from llem.study.study_file import is_study_file

    if is_study_file(config_file):  # a study: validate every configuration it expands to
        _validate_study(state, config_file, sets)
        return
    started = time.perf_counter()
    validation = validate_file(state.host, config_file, sets)
    elapsed_ms = (time.perf_counter() - started) * 1000
    for line in render_checks(validation.checks()):
        click.echo(line)
    rules = validation.rules.describe()
    checked = _rules_check(state, validation.rules.engine)
    rules = f"{rules}, {checked}" if checked and validation.rules.corpus else rules
    click.echo(f"valid: {config_file} ({rules}; {elapsed_ms:.0f} ms)")


def _rules_check(state: CliState, engine: str) -> str | None:
    from llem.cli.verification_view import rules_check

    registered = state.host.registry.engines.get(engine)
    return rules_check(registered.spec) if registered else None


def _validate_study(state: CliState, study_file: Path, sets: tuple[str, ...]) -> None:
    from llem.cli.study_open import plan_from_file, show_plan

    plan = plan_from_file(state, study_file, sets)
    show_plan(plan)
    click.echo(f"valid: {study_file} ({len(plan.configs)} configurations to run)")


@config.command()
@click.argument("engine")
@click.option("--section", help="Only this section, e.g. transformers.generation.")
@click.pass_obj
def show(state: CliState, /, engine: str, section: str | None) -> None:
    """List the parameters an engine accepts: name, type, default, description.

    Typed sections are llem's own; pass-through sections take the library's keywords as is.
    """
    from llem.rules.rulebook import RuleBook
    from llem.rules.schema_view import render_parameters

    if engine not in state.host.registry.engines:
        known = ", ".join(sorted(state.host.registry.engines))
        raise UsageError(f"unknown engine {engine!r}; installed engines: {known}")
    schema = RuleBook(state.host.registry).for_engine(engine).schema
    if schema is None:
        raise UsageError(f"engine {engine!r} ships no parameter schema")
    click.echo(render_parameters(schema, section))


@config.command("schema-diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
def schema_diff(old: Path, new: Path) -> None:
    """Classify the changes between two parameter schemas (schema.json) as safe or breaking.

    \b
    Exit codes: 0 no change or only safe ones (added, widened, default changed);
                1 a breaking change (removed, narrowed, type changed); 2 unreadable input.
    """
    from llem.rules.schema_diff import diff_schemas, render_diff

    diff = diff_schemas(_read_schema(old), _read_schema(new))
    click.echo(render_diff(diff))
    if diff.breaking:
        raise SystemExit(EXIT_BREAKING)


def _read_schema(path: Path) -> EngineSchema:
    """Any problem with a file given on the command line is bad input (exit code 2)."""
    from llem.rules.schema import parse_schema

    try:
        return parse_schema(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None
    except LlemError as error:
        raise UsageError(str(error)) from None
