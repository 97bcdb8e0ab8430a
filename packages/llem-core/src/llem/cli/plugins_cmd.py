"""``llem plugins``: what is installed, what each plugin registers, and what failed."""

from __future__ import annotations

import json
from typing import Any

import click

from llem.cli.context import CliState
from llem.cli.verification_view import verification_record, verification_summary
from llem.plugins.host import PluginHost
from llem.plugins.loader import PluginRecord

KINDS = ("engines", "energy_samplers", "runners", "datasets", "miners")


def _registrations(host: PluginHost) -> dict[str, dict[str, list[str]]]:
    """plugin name -> kind -> names it registered."""
    found: dict[str, dict[str, list[str]]] = {}
    for kind in KINDS:
        for name, registered in getattr(host.registry, kind).items():
            found.setdefault(registered.plugin, {}).setdefault(kind, []).append(name)
    return found


def _as_dict(
    record: PluginRecord, registers: dict[str, list[str]], host: PluginHost
) -> dict[str, Any]:
    engines = host.registry.engines
    return {
        "name": record.name,
        "distribution": record.distribution,
        "version": record.version,
        "status": record.status,
        "registers": registers,
        "error": record.error,
        "verification": {
            name: verification_record(engines[name].spec) for name in registers.get("engines", [])
        },
    }


def _render(entry: dict[str, Any]) -> list[str]:
    origin = f"{entry['distribution'] or '?'} {entry['version'] or ''}".strip()
    colour = {"loaded": "green", "failed": "red"}.get(entry["status"], "yellow")
    lines = [f"{entry['name']}  [{origin}]  " + click.style(entry["status"], fg=colour)]
    for kind, names in entry["registers"].items():
        lines.append(f"    {kind.replace('_', ' ')}: {', '.join(sorted(names))}")
    lines.extend(f"    {engine}: {summary}" for engine, summary in entry["proven"].items())
    if entry["error"]:
        lines.append(f"    error: {entry['error']}")
    return lines


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.pass_obj
def plugins(state: CliState, as_json: bool) -> None:
    """List installed plugins: distribution, version, what each registers, and load errors.

    \b
    A plugin that fails to import is listed here with its error and skipped everywhere else.
    Control loading with environment variables:
      LLEM_LOAD_PLUGINS=a,b      load only these entry points
      LLEM_DISABLE_PLUGINS=a,b   never load these
      LLEM_STRICT_PLUGINS=1      a plugin that fails to load is fatal
    """
    host = state.host
    registrations = _registrations(host)
    entries = [_as_dict(r, registrations.get(r.name, {}), host) for r in host.plugins]
    if as_json:
        click.echo(
            json.dumps({"plugins": entries, "conflicts": list(host.registry.conflicts)}, indent=2)
        )
        return
    for entry in entries:
        proven = {
            name: verification_summary(host.registry.engines[name].spec)
            for name in entry["verification"]
        }
        click.echo("\n".join(_render({**entry, "proven": proven})))
    for conflict in host.registry.conflicts:
        click.secho(f"conflict: {conflict}", fg="red")
