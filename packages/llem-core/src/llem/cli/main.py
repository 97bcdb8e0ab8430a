"""The ``llem`` entry point: builds the command group, turns llem's errors into exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from llem import __version__
from llem.cli.context import CliState
from llem.errors import EXIT_INTERRUPTED, LlemError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="llem")
@click.option("-v", "--verbose", count=True, help="More log output (-v: debug).")
@click.option("-q", "--quiet", count=True, help="Less log output (-q: warnings, -qq: errors).")
@click.option(
    "--log-format",
    type=click.Choice(["console", "json"]),
    default="console",
    show_default=True,
    help="How log lines on stderr look; json for machines.",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int, log_format: str) -> None:
    """Measure what an LLM deployment choice costs: energy, throughput, latency, FLOPs, memory.

    \b
    Hold the model and workload fixed, vary the deployment (engine, batch size, precision, ...)
    and compare. Each experiment runs in its own process; results land in results/.

    \b
    Start here:
      llem run examples/quickstart.yaml     measure SmolLM2-135M on the CPU
      llem run --model ID --n-prompts 20    the same from flags alone
      llem run examples/study.yaml          a study: a grid of configurations, each repeated
      llem study plan examples/study.yaml   what a study would run, validated, nothing run
      llem report results/STUDY_FOLDER      a study's plots and one HTML page
      llem results list                     the studies and experiments in results/
      llem config validate FILE             check a config against the engine's rules, no model
      llem config                           engines, GPUs, samplers, Docker, your defaults
      llem plugins                          installed engines, samplers, runners, datasets
      llem image build transformers         an engine's container image (runner: docker)
    """
    ctx.ensure_object(CliState).configure(verbosity=verbose - quiet, log_format=log_format)


def build_cli(state: CliState) -> click.Group:
    """Attach the built-in command groups, then let plugins add theirs."""
    from llem.cli import (
        config_cmd,
        image_cmd,
        plugins_cmd,
        report_cmd,
        results_cmd,
        run_cmd,
        study_cmd,
    )

    cli.add_command(run_cmd.run)
    cli.add_command(config_cmd.config)
    cli.add_command(plugins_cmd.plugins)
    cli.add_command(report_cmd.report)
    cli.add_command(results_cmd.results)
    cli.add_command(study_cmd.study)
    cli.add_command(image_cmd.image)
    for impl in state.host.manager.hook.llem_register_commands.get_hookimpls():
        try:
            impl.function(cli=cli)
        except Exception as exc:
            click.echo(
                f"warning: plugin {impl.plugin_name!r} could not add commands: {exc}", err=True
            )
    _warn_broken_plugins(state)
    return cli


def _warn_broken_plugins(state: CliState) -> None:
    for record in state.host.plugins:
        if record.status == "failed":
            click.echo(
                f"warning: plugin {record.name!r} ({record.distribution}) failed to load;"
                " run `llem plugins` for details",
                err=True,
            )


def _fail(error: LlemError) -> int:
    click.secho(f"error: {error}", fg="red", err=True)
    return error.exit_code


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the exit code (for tests and :func:`main`)."""
    state = CliState()
    try:
        group = build_cli(state)
        done = group.main(
            args=list(argv) if argv is not None else None, obj=state, standalone_mode=False
        )
    except LlemError as error:
        return _fail(error)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    return done if isinstance(done, int) else 0  # click returns an Exit's code when not standalone


def main() -> None:
    """Console-script entry point."""
    sys.exit(run_cli())
