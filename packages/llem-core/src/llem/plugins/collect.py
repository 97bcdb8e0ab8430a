"""Call each plugin's registration hooks; gather the records by name, with who registered them."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from typing import Any

import attrs
import pluggy

from llem.plugins.loader import PluginRecord
from llem.plugins.registry import Registered
from llem.records import DatasetSpec, EnergySamplerSpec, EngineSpec, MinerSpec, RunnerSpec

# hook name -> (record type, what `llem plugins` calls it)
REGISTRATION_HOOKS: dict[str, tuple[type, str]] = {
    "llem_register_engines": (EngineSpec, "engine"),
    "llem_register_energy_samplers": (EnergySamplerSpec, "energy sampler"),
    "llem_register_runners": (RunnerSpec, "runner"),
    "llem_register_datasets": (DatasetSpec, "dataset"),
    "llem_register_miners": (MinerSpec, "miner"),
}


@attrs.frozen
class Collected:
    """Records of one kind by name, the conflicts found, and plugins whose hook raised."""

    by_name: dict[str, Registered[Any]]
    conflicts: list[str]
    failures: dict[str, str]


RESERVED_ENGINE_NAMES = frozenset(
    {"task", "engine", "measurement", "runner", "runners", "docker", "name", "output_dir"}
    | {"sweep", "experiments", "execution", "base"}
)
"""Top-level keys of experiment and study files: an engine's section is keyed by its name."""
ENGINE_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
"""An engine's name keys a config section and dotted paths (``vllm.max_num_seqs``)."""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_+.-]*$")


def _call(function: Callable[[], Any], record_type: type) -> list[Any]:
    with contextlib.redirect_stdout(sys.stderr):
        records = list(function() or [])
    wrong = [r for r in records if not isinstance(r, record_type)]
    if wrong:
        raise TypeError(f"returned {type(wrong[0]).__name__}, expected {record_type.__name__}")
    for record in records:
        _check_name(record)
    return records


def _check_name(record: Any) -> None:
    """Names key config sections, CLI choices and folders: checked before anything uses them."""
    name, engine = record.name, isinstance(record, EngineSpec)
    if not isinstance(name, str) or not (ENGINE_NAME if engine else NAME).match(name):
        allowed = "lower-case letters, digits, '-' or '_', starting with a letter"
        raise ValueError(
            f"{type(record).__name__} name {name!r}: expected "
            + (allowed if engine else "letters, digits, '-', '_', '+' or '.', without spaces")
        )
    if engine and name in RESERVED_ENGINE_NAMES:
        raise ValueError(f"engine name {name!r} is a top-level key of config files")


def _origin(registered: Registered[Any]) -> str:
    return f"plugin {registered.plugin!r} from distribution {registered.distribution or 'unknown'}"


def collect(
    manager: pluggy.PluginManager, hook_name: str, plugins: dict[str, PluginRecord]
) -> Collected:
    """Call ``hook_name`` on every plugin separately, so each record is attributed to its plugin."""
    record_type, label = REGISTRATION_HOOKS[hook_name]
    result = Collected({}, [], {})
    for impl in reversed(getattr(manager.hook, hook_name).get_hookimpls()):
        plugin_record = plugins.get(impl.plugin_name)
        dist = plugin_record.distribution if plugin_record else None
        try:
            specs = _call(impl.function, record_type)
        except (Exception, SystemExit, KeyboardInterrupt) as exc:
            result.failures[impl.plugin_name] = f"{hook_name}: {type(exc).__name__}: {exc}"
            continue
        for spec in specs:
            _add(result, label, Registered(spec, impl.plugin_name, dist))
    return result


def _add(result: Collected, label: str, registered: Registered[Any]) -> None:
    name = registered.spec.name
    existing = result.by_name.get(name)
    if existing is None:
        result.by_name[name] = registered
        return
    result.conflicts.append(
        f"{label} {name!r} is registered twice: by {_origin(existing)} and by {_origin(registered)}"
    )
