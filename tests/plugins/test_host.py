"""The plugin host: loading, reporting, selection variables, conflicts, validation."""

from __future__ import annotations

import json

import attrs
import pytest

from llem import hookimpl
from llem.errors import PluginError
from llem.plugins.host import build_host
from llem.records import DatasetSpec, EngineSpec

from .conftest import ENGINE_PLUGIN, FakeDist


@attrs.frozen
class ToyConfig:
    batch_size: int = 1


class ToyEnginePlugin:
    """A real in-process plugin object."""

    @hookimpl
    def llem_register_engines(self) -> list[EngineSpec]:
        return [EngineSpec(name="toy", config_type=ToyConfig, runner="toy:Runner")]

    @hookimpl
    def llem_register_datasets(self) -> list[DatasetSpec]:
        return [DatasetSpec(name="toy-prompts", loader="toy:load")]


def _status(host: object, name: str) -> str:
    return {r.name: r.status for r in host.plugins}[name]  # type: ignore[attr-defined]


def test_builtins_register_through_the_same_hooks() -> None:
    host = build_host(env={})
    assert {"nvml", "rapl"} <= set(host.registry.energy_samplers)
    assert "local" in host.registry.runners
    assert host.registry.runners["local"].distribution == "llem-core"


def test_in_process_plugin_object_is_attributed() -> None:
    host = build_host(env={}, plugins=[("toy-plugin", ToyEnginePlugin())])
    assert host.registry.engines["toy"].plugin == "toy-plugin"
    assert host.registry.datasets["toy-prompts"].spec.loader == "toy:load"


def test_entry_point_plugin_is_discovered_with_its_distribution(fake_dist: FakeDist) -> None:
    fake_dist("llem-engine-extra", "extra", "extra_plugin", ENGINE_PLUGIN.format(engine="extra"))
    host = build_host(env={})
    registered = host.registry.engines["extra"]
    assert (registered.plugin, registered.distribution) == ("extra", "llem-engine-extra")


def test_plugin_whose_import_raises_is_reported_not_fatal(fake_dist: FakeDist) -> None:
    fake_dist("broken-dist", "broken", "broken_plugin", "raise RuntimeError('boom at import')")
    fake_dist("good-dist", "good", "good_plugin", ENGINE_PLUGIN.format(engine="good"))
    host = build_host(env={})
    broken = next(r for r in host.plugins if r.name == "broken")
    assert broken.status == "failed"
    assert broken.distribution == "broken-dist"
    assert "RuntimeError: boom at import" in (broken.error or "")
    assert "good" in host.registry.engines


def test_strict_mode_makes_a_broken_plugin_fatal(fake_dist: FakeDist) -> None:
    fake_dist("broken-dist", "broken", "broken_plugin", "raise RuntimeError('boom')")
    with pytest.raises(PluginError, match="broken"):
        build_host(env={"LLEM_STRICT_PLUGINS": "1"})


def test_hook_that_raises_marks_its_plugin_failed(fake_dist: FakeDist) -> None:
    source = """
        from llem import hookimpl
        @hookimpl
        def llem_register_engines():
            raise ValueError("cannot register")
    """
    fake_dist("raising-dist", "raising", "raising_plugin", source)
    host = build_host(env={})
    assert _status(host, "raising") == "failed"


def test_wrong_record_type_marks_plugin_failed(fake_dist: FakeDist) -> None:
    source = """
        from llem import hookimpl
        @hookimpl
        def llem_register_engines():
            return [{"name": "dict-engine"}]
    """
    fake_dist("wrong-dist", "wrong", "wrong_plugin", source)
    host = build_host(env={})
    assert _status(host, "wrong") == "failed"
    assert "dict-engine" not in host.registry.engines


def test_unknown_hook_is_caught_by_check_pending(fake_dist: FakeDist) -> None:
    source = """
        from llem import hookimpl
        @hookimpl
        def llem_register_engine():   # typo: not a hook llem defines
            return []
    """
    fake_dist("typo-dist", "typo", "typo_plugin", source)
    host = build_host(env={})
    record = next(r for r in host.plugins if r.name == "typo")
    assert record.status == "failed"
    assert "llem_register_engine" in (record.error or "")


def test_duplicate_engine_names_both_distributions(fake_dist: FakeDist) -> None:
    fake_dist("dist-one", "one", "plugin_one", ENGINE_PLUGIN.format(engine="same"))
    fake_dist("dist-two", "two", "plugin_two", ENGINE_PLUGIN.format(engine="same"))
    host = build_host(env={})
    (conflict,) = [c for c in host.registry.conflicts if "'same'" in c]
    assert "dist-one" in conflict and "dist-two" in conflict
    with pytest.raises(PluginError, match="dist-one"):
        host.require_no_conflicts()


def test_disable_and_load_variables(fake_dist: FakeDist) -> None:
    fake_dist("dist-a", "alpha", "plugin_alpha", ENGINE_PLUGIN.format(engine="alpha"))
    fake_dist("dist-b", "beta", "plugin_beta", ENGINE_PLUGIN.format(engine="beta"))
    disabled = build_host(env={"LLEM_DISABLE_PLUGINS": "alpha"})
    assert "alpha" not in disabled.registry.engines and "beta" in disabled.registry.engines
    assert _status(disabled, "alpha") == "skipped"
    only = build_host(env={"LLEM_LOAD_PLUGINS": "alpha"})
    assert "alpha" in only.registry.engines and "beta" not in only.registry.engines
    assert "nvml" in only.registry.energy_samplers  # built-ins always load


@pytest.mark.parametrize(
    "statement", ["raise SystemExit(3)", "import sys; sys.exit('bye')", "raise KeyboardInterrupt"]
)
def test_a_plugin_that_exits_at_import_fails_alone(fake_dist: FakeDist, statement: str) -> None:
    fake_dist("exiting-dist", "exiting", "exiting_plugin", statement)
    fake_dist("good-dist", "good", "good_plugin", ENGINE_PLUGIN.format(engine="good"))
    host = build_host(env={})
    assert _status(host, "exiting") == "failed"
    assert "good" in host.registry.engines


@pytest.mark.parametrize(
    ("engine", "problem"),
    [
        ("task", "is a top-level key of config files"),
        ("Big Engine", "expected lower-case letters"),
        ("", "expected lower-case letters"),
    ],
)
def test_an_engine_with_an_unusable_name_fails_alone(
    fake_dist: FakeDist, engine: str, problem: str
) -> None:
    module = f"named_plugin_{len(engine)}"  # one module per case (the names differ in length)
    fake_dist("named-dist", "named", module, ENGINE_PLUGIN.format(engine=engine))
    fake_dist("good-dist", "good", "good_plugin", ENGINE_PLUGIN.format(engine="good"))
    host = build_host(env={})
    named = next(r for r in host.plugins if r.name == "named")
    assert named.status == "failed" and problem in (named.error or "")
    assert engine not in host.registry.engines
    assert "good" in host.registry.engines


def test_a_record_without_a_name_fails_its_plugin(fake_dist: FakeDist) -> None:
    source = ENGINE_PLUGIN.format(engine="x").replace('name="x"', "name=None")
    fake_dist("unnamed-dist", "unnamed", "unnamed_plugin", source)
    host = build_host(env={})
    assert _status(host, "unnamed") == "failed"


def test_a_plugin_printing_at_import_leaves_plugins_json_clean(
    fake_dist: FakeDist, capsys: pytest.CaptureFixture[str]
) -> None:
    from llem.cli.main import run_cli

    source = "\n    print('hello from a plugin')" + ENGINE_PLUGIN.format(engine="chatty")
    fake_dist("chatty-dist", "chatty", "chatty_plugin", source)
    assert run_cli(["plugins", "--json"]) == 0
    captured = capsys.readouterr()
    assert any(plugin["name"] == "chatty" for plugin in json.loads(captured.out)["plugins"])
    assert "hello from a plugin" in captured.err
