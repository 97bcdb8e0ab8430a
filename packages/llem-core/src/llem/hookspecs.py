"""The plugin contract of llem: every hook a plugin may implement.

Plugins are found through the ``llem`` entry-point group and implement hooks with
``from llem import hookimpl``. llem's own features (energy samplers, the local runner, the built-in
dataset) are plugins registered through these same hooks, and so is every engine.

Rules every plugin follows:

* **Import nothing heavy at module level.** A plugin module is imported by ``llem --help``. Engine
  libraries (torch, transformers, vllm, tensorrt_llm) are named by import strings inside the records
  and imported only in the experiment process.
* **Registration hooks take no arguments and return a list of frozen records** (see
  :mod:`llem.records`). Names must be unique across all installed plugins: two distributions
  registering the same engine name is an error that names both.

A complete third-party engine plugin::

    # my_engine/plugin.py, exposed as: [project.entry-points.llem] my-engine = "my_engine.plugin"
    from llem import hookimpl
    from llem.records import EngineSpec, Verification
    from my_engine.config import MyEngineConfig   # an attrs class, no heavy imports

    @hookimpl
    def llem_register_engines() -> list[EngineSpec]:
        return [EngineSpec(name="my-engine", config_type=MyEngineConfig,
                           runner="my_engine.runner:MyRunner", runtime_modules=("my_lib",),
                           install_hint="pip install 'my-engine[runtime]'",
                           verification=Verification(rules="source-only", ran_on=("cpu",)))]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

from llem import PROJECT_NAME

if TYPE_CHECKING:
    import click

    from llem.records import DatasetSpec, EnergySamplerSpec, EngineSpec, MinerSpec, RunnerSpec

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec
def llem_register_engines() -> list[EngineSpec]:
    """Return the inference engines this plugin provides.

    Called once per process after plugins load, when llem builds its registry (``llem run``,
    ``llem plugins``, and inside every experiment process). The engine's ``config_type`` becomes the
    type of the config section named after the engine, so unknown keys and wrong types in that
    section are reported with file, line and key like any other config mistake.

    Example::

        @hookimpl
        def llem_register_engines():
            return [EngineSpec(name="transformers", config_type=TransformersConfig,
                               runner="llem_transformers.runner:TransformersRunner",
                               runtime_modules=("torch", "transformers"),
                               install_hint="pip install 'llem-engine-transformers[runtime]'")]
    """


@hookspec
def llem_register_energy_samplers() -> list[EnergySamplerSpec]:
    """Return the energy samplers this plugin provides.

    Called when llem builds its registry. A sampler is chosen by
    ``measurement.energy.sampler``; with ``auto`` llem probes samplers that declare an
    ``auto_priority``, highest first, and records which one it chose and why the others could not
    measure. The factory builds a :class:`llem.energy.base.EnergySampler`; one instance is probed
    once, then opens several windows (idle baseline, spot checks, the measured window). It may also
    implement ``TimelineSource`` and ``TemperatureSource`` (see :mod:`llem.energy.base`). Its own
    settings arrive as ``MeasurementTarget.options`` (``measurement.energy.options.<name>``).

    Example::

        @hookimpl
        def llem_register_energy_samplers():
            return [EnergySamplerSpec(name="rapl", factory="llem.energy.rapl:RaplSampler",
                                      auto_priority=10)]
    """


@hookspec
def llem_register_runners() -> list[RunnerSpec]:
    """Return the runners (where an experiment process runs) this plugin provides.

    Called when llem builds its registry; chosen by the experiment's ``runner`` key
    (``NAME`` or ``NAME:ARGUMENT``, e.g. ``docker:cuda``) or the ``runners`` map. The factory is
    called with a :class:`llem.runners.base.RunnerRequest` (the registry and the argument) and
    returns an object with ``preflight(config)`` (checks before the result folder exists: raise a
    :class:`llem.errors.LlemError` subclass) and ``run(job, on_event) -> Finished | Failed``, which
    starts ``python -m llem.experiment JOB.json --events CHANNEL`` wherever it runs, maps the job's
    paths, relays the events and leaves nothing running (see ``llem.runners.relay``).

    Example::

        @hookimpl
        def llem_register_runners():
            return [RunnerSpec(name="local", factory="llem.runners.local.runner:LocalRunner")]
    """


@hookspec
def llem_register_datasets() -> list[DatasetSpec]:
    """Return the named prompt datasets this plugin provides.

    Called when llem builds its registry; chosen by ``task.dataset`` (a name from this registry,
    or a path to a JSONL file).

    Example::

        @hookimpl
        def llem_register_datasets():
            return [DatasetSpec(name="llem-prompts", loader="llem.datasets.builtin:load")]
    """


@hookspec
def llem_register_miners() -> list[MinerSpec]:
    """Return how this plugin's engines have their rule corpora mined from their libraries.

    Read only by the developer tool ``llem-miners`` (``mine``, ``gate``, ``schema``), never by
    ``llem run``: the generic machinery (static and dynamic miners, lifts, the replay gate) lives
    in the ``llem-miners`` distribution, the engine-specific knowledge here -- which library code
    to read, how its names map to native keywords, how to replay keywords against the library.
    The spec's ``name`` is the engine's.

    Example::

        @hookimpl
        def llem_register_miners():
            return [MinerSpec(name="my-engine", library="my-lib",
                              targets=(MineTarget(native_type="Params",
                                                  code=("my_lib.params:Params.validate",)),),
                              replayer="my_engine.mining.replay:make_replayer")]
    """


@hookspec
def llem_register_commands(cli: click.Group) -> None:
    """Add commands to the ``llem`` command line.

    Called once when the CLI starts, with the root click group. Keep command modules light: import
    heavy libraries inside the command function.

    Example::

        @hookimpl
        def llem_register_commands(cli):
            @cli.command()
            def hello():
                "Say hello."
                click.echo("hello")
    """
