"""The engine contract: a pytest suite every engine package runs against itself.

Subclass :class:`EngineContract` in the engine package's tests and override three class-scoped
fixtures::

    class TestMyEngineContract(EngineContract):
        @pytest.fixture(scope="class")
        @classmethod
        def engine_name(cls) -> str:
            return "my-engine"

        @pytest.fixture(scope="class")
        @classmethod
        def contract_config(cls) -> ExperimentConfig:
            return ExperimentConfig(
                task=TaskConfig(model="tiny", max_input_tokens=64, max_output_tokens=8),
                engine="my-engine",
                engine_config=MyEngineConfig(batch_size=2),
            )

        @pytest.fixture(scope="class")
        @classmethod
        def contract_model(cls) -> ResolvedModel:
            return ResolvedModel(source="local", location="/path/to/tiny-model")

The model is loaded once for the class (``runner``) and once more with
``task.fixed_output_length`` on (``fixed_length_generation``; override that fixture to reuse
weights). Keep ``max_input_tokens`` at most 128 so the long contract prompt is truncated, and a
small ``max_output_tokens``. Tests that need the engine's runtime skip, naming the install
command, when it is not importable.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from importlib.metadata import entry_points
from typing import Any

import attrs
import pytest

from llem import PROJECT_NAME
from llem.config.models import ExperimentConfig
from llem.engine_api import (
    EngineRunner,
    MemoryStats,
    ModelInfo,
    Prompt,
    RequestOutput,
    ResolvedModel,
    check_outputs_match,
)
from llem.records import EngineSpec, import_string

HEAVY_MODULES = ("torch", "transformers", "vllm", "tensorrt_llm", "docker", "polars")
RUNNER_METHODS = (
    "load",
    "generate",
    "synchronize",
    "reset_peak_memory",
    "memory",
    "library_versions",
    "close",
)
LONG_PROMPT = (
    " ".join(
        f"Paragraph {number}: the energy cost of serving a language model depends on batch size, "
        "precision and the attention kernel, and it should be measured, not guessed."
        for number in range(1, 41)
    )
    + " Summarise the paragraphs above."
)
CONTRACT_PROMPTS = (
    Prompt(index=7, text="What is the capital of France? Answer in one word."),
    Prompt(index=3, text=LONG_PROMPT),
    Prompt(index=12, text="Write a short poem about the sea."),
    Prompt(index=5, text="List three prime numbers."),
)
LONG_PROMPT_INDEX = 3
MAX_CONTRACT_INPUT_TOKENS = 128


@attrs.frozen
class RegisteredEngine:
    """An engine found through the ``llem`` entry points, and the module that registered it."""

    spec: EngineSpec
    plugin_module: str


@attrs.frozen
class Generation:
    """What one ``generate`` call returned, and the progress it reported."""

    prompts: tuple[Prompt, ...]
    outputs: list[RequestOutput]
    progress: list[int]


def registered_engines(plugin: Any) -> list[EngineSpec]:
    hook = getattr(plugin, "llem_register_engines", None)
    return list(hook()) if hook is not None else []


def find_registered_engine(name: str) -> RegisteredEngine:
    """Find engine ``name`` the way llem does: through the ``llem`` entry-point group."""
    load_errors: list[str] = []
    for entry_point in entry_points(group=PROJECT_NAME):
        try:
            plugin = entry_point.load()
        except Exception as error:  # another plugin's breakage must not hide this engine
            load_errors.append(f"{entry_point.value}: {error!r}")
            continue
        for spec in registered_engines(plugin):
            if spec.name == name:
                return RegisteredEngine(spec=spec, plugin_module=entry_point.module)
    failures = "".join(f"\n  plugin failed to load: {failure}" for failure in load_errors)
    raise LookupError(
        f"no plugin in entry-point group {PROJECT_NAME!r} registers engine {name!r}{failures}"
    )


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def modules_loaded_by_import(module: str) -> list[str]:
    """Which heavy modules a fresh interpreter has loaded after importing ``module``."""
    code = (
        f"import importlib, json, sys; importlib.import_module({module!r}); "
        f"print(json.dumps([name for name in {HEAVY_MODULES!r} if name in sys.modules]))"
    )
    completed = run_python(code)
    assert completed.returncode == 0, completed.stderr
    loaded: list[str] = json.loads(completed.stdout.strip().splitlines()[-1])
    return loaded


def import_runner_without(runtime_modules: Sequence[str], runner: str) -> str:
    """Import ``runner`` in a fresh interpreter where ``runtime_modules`` cannot be imported."""
    code = (
        f"import sys\nsys.modules.update(dict.fromkeys({tuple(runtime_modules)!r}))\n"
        "from llem.errors import RuntimeMissingError\nfrom llem.records import import_string\n"
        f"try:\n    import_string({runner!r})\nexcept RuntimeMissingError as error:\n"
        "    print('RuntimeMissingError:', error)\nelse:\n    print('imported')\n"
    )
    completed = run_python(code)
    return completed.stdout + completed.stderr


def missing_modules(modules: Sequence[str]) -> list[str]:
    return [module for module in modules if importlib.util.find_spec(module) is None]


def attrs_classes_within(cls: type) -> list[type]:
    """``cls`` and every attrs class used as a field type inside it, recursively."""
    found = [cls]
    for field in attrs.fields(attrs.resolve_types(cls)):
        if isinstance(field.type, type) and attrs.has(field.type):
            found.extend(attrs_classes_within(field.type))
    return found


def is_frozen(instance: Any) -> bool:
    fields = attrs.fields(type(instance))
    name = fields[0].name if fields else "contract_probe"
    try:
        setattr(instance, name, getattr(instance, name, None))
    except attrs.exceptions.FrozenInstanceError:
        return True
    return False


def run_generation(runner: EngineRunner, prompts: Sequence[Prompt]) -> Generation:
    progress: list[int] = []
    outputs = runner.generate(prompts, progress.append)
    return Generation(prompts=tuple(prompts), outputs=outputs, progress=progress)


def build_runner(spec: EngineSpec, config: ExperimentConfig, model: ResolvedModel) -> Any:
    missing = missing_modules(spec.runtime_modules)
    if missing:
        pytest.skip(f"engine {spec.name!r} needs {missing}: {spec.install_hint}")
    runner_class = import_string(spec.runner)
    return runner_class(config, model)


class EngineContract:
    """What every llem engine guarantees; subclass it and override the three fixtures below."""

    @pytest.fixture(scope="class")
    @classmethod
    def engine_name(cls) -> str:
        raise NotImplementedError("override the engine_name fixture: the engine's name")

    @pytest.fixture(scope="class")
    @classmethod
    def contract_config(cls) -> ExperimentConfig:
        raise NotImplementedError("override contract_config: an ExperimentConfig for a tiny run")

    @pytest.fixture(scope="class")
    @classmethod
    def contract_model(cls) -> ResolvedModel:
        raise NotImplementedError("override contract_model: the ResolvedModel to load")

    @pytest.fixture(scope="class")
    @classmethod
    def contract_prompts(cls) -> tuple[Prompt, ...]:
        return CONTRACT_PROMPTS

    @pytest.fixture(scope="class")
    @classmethod
    def registered(cls, engine_name: str) -> RegisteredEngine:
        return find_registered_engine(engine_name)

    @pytest.fixture(scope="class")
    @classmethod
    def engine_spec(cls, registered: RegisteredEngine) -> EngineSpec:
        return registered.spec

    @pytest.fixture(scope="class")
    @classmethod
    def loaded(
        cls,
        engine_spec: EngineSpec,
        contract_config: ExperimentConfig,
        contract_model: ResolvedModel,
    ) -> Iterator[tuple[EngineRunner, ModelInfo]]:
        runner = build_runner(engine_spec, contract_config, contract_model)
        try:
            yield runner, runner.load()
        finally:
            runner.close()

    @pytest.fixture(scope="class")
    @classmethod
    def runner(cls, loaded: tuple[EngineRunner, ModelInfo]) -> EngineRunner:
        return loaded[0]

    @pytest.fixture(scope="class")
    @classmethod
    def model_info(cls, loaded: tuple[EngineRunner, ModelInfo]) -> ModelInfo:
        return loaded[1]

    @pytest.fixture(scope="class")
    @classmethod
    def generation(cls, runner: EngineRunner, contract_prompts: tuple[Prompt, ...]) -> Generation:
        return run_generation(runner, contract_prompts)

    @pytest.fixture(scope="class")
    @classmethod
    def fixed_length_generation(
        cls,
        engine_spec: EngineSpec,
        contract_config: ExperimentConfig,
        contract_model: ResolvedModel,
        contract_prompts: tuple[Prompt, ...],
    ) -> Generation:
        task = attrs.evolve(contract_config.task, fixed_output_length=True)
        config = attrs.evolve(contract_config, task=task)
        runner = build_runner(engine_spec, config, contract_model)
        try:
            runner.load()
            return run_generation(runner, contract_prompts)
        finally:
            runner.close()

    def test_engine_is_registered_through_entry_points(
        self, registered: RegisteredEngine, engine_name: str
    ) -> None:
        assert registered.spec.name == engine_name
        assert registered.plugin_module

    def test_spec_names_runner_and_install_hint(self, engine_spec: EngineSpec) -> None:
        module, _, attribute = engine_spec.runner.partition(":")
        assert module and attribute, f"runner must be 'module:Class', got {engine_spec.runner!r}"
        if engine_spec.runtime_modules:
            assert engine_spec.install_hint, "an engine with runtime modules needs an install_hint"

    def test_config_type_is_frozen_attrs_with_defaults(self, engine_spec: EngineSpec) -> None:
        for config_class in attrs_classes_within(engine_spec.config_type):
            assert all(field.type is not None for field in attrs.fields(config_class))
            assert is_frozen(config_class()), f"{config_class.__name__} must be @attrs.frozen"

    def test_contract_config_is_for_this_engine(
        self, engine_spec: EngineSpec, contract_config: ExperimentConfig
    ) -> None:
        assert contract_config.engine == engine_spec.name
        assert isinstance(contract_config.engine_config, engine_spec.config_type)
        assert contract_config.task.max_input_tokens <= MAX_CONTRACT_INPUT_TOKENS

    def test_plugin_import_loads_no_heavy_module(self, registered: RegisteredEngine) -> None:
        assert modules_loaded_by_import(registered.plugin_module) == []

    def test_runner_without_runtime_raises_runtime_missing(self, engine_spec: EngineSpec) -> None:
        if not engine_spec.runtime_modules:
            pytest.skip("the engine declares no runtime modules")
        printed = import_runner_without(engine_spec.runtime_modules, engine_spec.runner)
        assert "RuntimeMissingError:" in printed, printed
        assert engine_spec.install_hint in printed, printed

    def test_runner_import_string_resolves(self, engine_spec: EngineSpec) -> None:
        missing = missing_modules(engine_spec.runtime_modules)
        if missing:
            pytest.skip(f"engine {engine_spec.name!r} needs {missing}: {engine_spec.install_hint}")
        runner_class = import_string(engine_spec.runner)
        assert isinstance(runner_class, type)
        assert all(callable(getattr(runner_class, name, None)) for name in RUNNER_METHODS)

    def test_load_returns_plausible_model_info(self, model_info: ModelInfo) -> None:
        assert isinstance(model_info, ModelInfo)
        assert model_info.total_params > model_info.non_embedding_params > 0
        assert model_info.n_layers > 0 and model_info.n_attention_heads > 0
        assert model_info.head_dim > 0 and model_info.hidden_size > 0 and model_info.vocab_size > 0
        assert model_info.name and model_info.dtype and model_info.device

    def test_outputs_line_up_with_prompts(self, generation: Generation) -> None:
        check_outputs_match(generation.prompts, generation.outputs)
        assert all(isinstance(output, RequestOutput) for output in generation.outputs)
        assert sum(generation.progress) == len(generation.prompts)
        assert all(step >= 1 for step in generation.progress)

    def test_token_counts_are_within_the_task_limits(
        self, generation: Generation, contract_config: ExperimentConfig
    ) -> None:
        task = contract_config.task
        for output in generation.outputs:
            assert 1 <= output.output_tokens <= task.max_output_tokens, output
            assert 1 <= output.input_tokens <= task.max_input_tokens, output
            assert isinstance(output.text, str)

    def test_long_prompt_is_truncated_to_max_input_tokens(
        self, generation: Generation, contract_config: ExperimentConfig
    ) -> None:
        long_output = next(out for out in generation.outputs if out.index == LONG_PROMPT_INDEX)
        assert long_output.input_tokens == contract_config.task.max_input_tokens

    def test_latencies_are_consistent(self, generation: Generation) -> None:
        for output in generation.outputs:
            assert len(output.itl_s) == output.output_tokens - 1, output
            assert output.ttft_s is not None and 0 < output.ttft_s <= output.e2e_s, output
            assert all(gap >= 0 for gap in output.itl_s), output
            assert output.ttft_s + sum(output.itl_s) <= output.e2e_s * (1 + 1e-9) + 1e-9, output

    def test_generate_can_be_called_again(
        self, runner: EngineRunner, contract_prompts: tuple[Prompt, ...]
    ) -> None:
        again = run_generation(runner, contract_prompts[:2])
        check_outputs_match(again.prompts, again.outputs)

    def test_fixed_output_length_generates_exactly_max_output_tokens(
        self, fixed_length_generation: Generation, contract_config: ExperimentConfig
    ) -> None:
        check_outputs_match(fixed_length_generation.prompts, fixed_length_generation.outputs)
        wanted = contract_config.task.max_output_tokens
        for output in fixed_length_generation.outputs:
            assert output.output_tokens == wanted, output
            assert len(output.itl_s) == wanted - 1, output

    def test_memory_reports_a_number_or_a_reason(self, runner: EngineRunner) -> None:
        runner.reset_peak_memory()
        runner.synchronize()
        stats = runner.memory()
        assert isinstance(stats, MemoryStats)
        assert stats.device_peak_allocated_bytes is not None or stats.reason

    def test_library_versions_name_the_engine_library(
        self, runner: EngineRunner, engine_spec: EngineSpec
    ) -> None:
        versions = runner.library_versions()
        assert versions and all(isinstance(value, str) and value for value in versions.values())
        if engine_spec.library:
            assert engine_spec.library in versions


class ContinuousBatchingContract(EngineContract):
    """The contract, and what an engine that submits every request at once guarantees."""

    def test_requests_run_together_not_one_after_another(self, generation: Generation) -> None:
        """Every request is submitted before the first is served, so the first tokens of all of
        them arrive before the longest request ends, not one whole request after another."""
        first_tokens = sorted(out.ttft_s for out in generation.outputs if out.ttft_s is not None)
        longest = max(out.e2e_s for out in generation.outputs)
        assert first_tokens[-1] < longest, (first_tokens, longest)
