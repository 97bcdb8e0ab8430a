"""The plugin host: loading, reporting, selection variables, conflicts, validation."""

from __future__ import annotations

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
