"""The experiment job as JSON and back (:mod:`llem.experiment.codec`), and the job's path mapping
(:meth:`ExperimentJob.with_paths`) that a runner applies before handing it to a container."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import cattrs
import pytest

from llem.config.converter import make_converter
from llem.config.resolve import ConfigSources, resolve_experiment
from llem.engine_api import Prompt, ResolvedModel
from llem.errors import UsageError
from llem.experiment.codec import job_from_json, job_to_json, read_job, write_job
from llem.experiment.job import JOB_FORMAT, ExperimentJob, JobPrompts, JobRunner, RunLimits
from llem.logs import LogSettings
from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.results.models import ConfigChecks
from llem_transformers.config import TransformersConfig

HUB = ResolvedModel("hub", "org/tiny-model")
ON_DISK = ResolvedModel("local", "/host/models/tiny", "tiny.Q4.gguf")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_host(env={}).registry


@pytest.fixture(scope="module")
def converter(registry: Registry) -> cattrs.Converter:
    return make_converter(registry)


@pytest.fixture
def make_job(registry: Registry) -> Callable[..., ExperimentJob]:
    """A job of the transformers engine, its config resolved from flags and ``--set`` values."""

    def make(model: ResolvedModel = HUB, *sets: str) -> ExperimentJob:
        sources = ConfigSources(
            flags=(("engine", "transformers"), ("task.model", model.location)),
            sets=("transformers.batch_size=4", "transformers.sampling.top_k=7", *sets),
        )
        config = resolve_experiment(sources, registry).config
        return ExperimentJob(
            name="transformers_tiny",
            config=config,
            model=model,
            prompts=JobPrompts(
                measured=(Prompt(0, "one two"), Prompt(3, "naïve café ☕")),
                warmup=(Prompt(7, "warm"),),
                notes=("warmup prompts reused from the measured set",),
            ),
            experiment_dir="/host/results/transformers_tiny_1",
            baseline_cache_dir="/host/cache/llem",
            log_settings=LogSettings(verbosity=-1, fmt="json"),
            checks=ConfigChecks(corpus="transformers 5.23.0: 48 rules"),
            log_file="/host/results/transformers_tiny_1/experiment.log",
            limits=RunLimits(timeout_s=120.0, silence_s=None),
            runner=JobRunner("docker", "llem/transformers:cpu", "sha256:abc", {"k": "v"}),
        )

    return make


def through_text(job: ExperimentJob, converter: cattrs.Converter) -> ExperimentJob:
    """The job as another process reads it: encoded, serialised, parsed, decoded."""
    return job_from_json(json.loads(json.dumps(job_to_json(job, converter))), converter)


def test_a_job_survives_json_text_unchanged(
    make_job: Callable[..., ExperimentJob], converter: cattrs.Converter
) -> None:
    job = make_job(HUB, "docker.env={A: b}", "measurement.warmup.prompts=1")
    back = through_text(job, converter)
    assert back == job
    assert back.prompts.measured[1] == Prompt(3, "naïve café ☕")
    assert back.prompts.notes == ("warmup prompts reused from the measured set",)
    assert back.limits == RunLimits(120.0, None)
    assert back.runner == JobRunner("docker", "llem/transformers:cpu", "sha256:abc", {"k": "v"})
    assert back.config.docker.env == {"A": "b"}


def test_the_engine_section_comes_back_as_the_engines_config_class(
    make_job: Callable[..., ExperimentJob], converter: cattrs.Converter
) -> None:
    back = through_text(make_job(), converter)
    engine = back.config.engine_config
    assert isinstance(engine, TransformersConfig)
    assert engine.batch_size == 4
    assert engine.sampling.top_k == 7


def test_on_the_wire_the_engine_section_is_keyed_by_the_engine_name(
    make_job: Callable[..., ExperimentJob], converter: cattrs.Converter
) -> None:
    document = json.loads(json.dumps(job_to_json(make_job(), converter)))
    assert document["format"] == JOB_FORMAT
    assert document["config"]["engine"] == "transformers"
    assert document["config"]["transformers"]["batch_size"] == 4
    assert "engine_config" not in document["config"]


def test_a_mapped_job_keeps_the_hosts_model_through_json(
    make_job: Callable[..., ExperimentJob], converter: cattrs.Converter
) -> None:
    mapped = make_job(ON_DISK).with_paths(lambda path: "/container" + path)
    back = through_text(mapped, converter)
    assert back == mapped
    assert back.host_model == ON_DISK
    assert back.recorded_model == ON_DISK


def test_write_and_read_a_job_file(
    make_job: Callable[..., ExperimentJob], converter: cattrs.Converter, tmp_path: Path
) -> None:
    job = make_job(ON_DISK)
    path = tmp_path / "job.json"
    write_job(path, job, converter)
    assert json.loads(path.read_text(encoding="utf-8"))["name"] == "transformers_tiny"
    assert read_job(path, converter) == job
    assert sorted(p.name for p in tmp_path.iterdir()) == ["job.json"]  # no temporary left


# --- with_paths ----------------------------------------------------------------------------------


def strict_mapping(table: dict[str, str], calls: list[str]) -> Callable[[str], str]:
    """Maps only the paths in ``table`` (a KeyError for anything else), recording each call."""

    def mapping(path: str) -> str:
        calls.append(path)
        return table[path]

    return mapping


def test_with_paths_maps_the_folders_and_a_model_on_disk(
    make_job: Callable[..., ExperimentJob],
) -> None:
    job = make_job(ON_DISK)
    calls: list[str] = []
    table = {
        job.experiment_dir: "/llem/experiment",
        job.baseline_cache_dir: "/llem/cache",
        ON_DISK.location: "/llem/model",
    }
    mapped = job.with_paths(strict_mapping(table, calls))
    assert mapped.experiment_dir == "/llem/experiment"
    assert mapped.baseline_cache_dir == "/llem/cache"
    assert mapped.model == ResolvedModel("local", "/llem/model", "tiny.Q4.gguf")
    assert sorted(calls) == sorted(table)
    # What result.json records is the model as the host resolved it.
    assert mapped.host_model == ON_DISK
    assert mapped.recorded_model == ON_DISK
    assert job.recorded_model == job.model  # unmapped: its own model
    # Nothing else changes; the log file and limits are the host runner's.
    unchanged = ("name", "config", "prompts", "log_file", "limits", "runner", "checks", "format")
    for field in unchanged:
        assert getattr(mapped, field) == getattr(job, field), field


def test_with_paths_leaves_a_hub_model_alone(make_job: Callable[..., ExperimentJob]) -> None:
    job = make_job(HUB)
    calls: list[str] = []
    table = {job.experiment_dir: "/llem/experiment", job.baseline_cache_dir: "/llem/cache"}
    mapped = job.with_paths(strict_mapping(table, calls))
    assert mapped.model == HUB
    assert HUB.location not in calls
    assert mapped.host_model == HUB
    assert mapped.experiment_dir == "/llem/experiment"


def test_with_paths_maps_the_model_cache_and_the_engine_sees_it(
    make_job: Callable[..., ExperimentJob],
) -> None:
    job = attrs.evolve(make_job(ON_DISK), model_cache_dir="/host/cache/llem/models")
    mapped = job.with_paths(lambda path: "/c" + path)
    assert mapped.model_cache_dir == "/c/host/cache/llem/models"
    assert mapped.engine_model.cache_dir == "/c/host/cache/llem/models"
    assert mapped.engine_model.location == "/c" + ON_DISK.location
    # What result.json records never carries the cache folder.
    assert mapped.recorded_model.cache_dir is None
    assert make_job(ON_DISK).engine_model.cache_dir is None


def test_mapping_twice_still_records_the_hosts_model(
    make_job: Callable[..., ExperimentJob],
) -> None:
    twice = make_job(ON_DISK).with_paths(lambda p: "/a" + p).with_paths(lambda p: "/b" + p)
    assert twice.model.location == "/b/a" + ON_DISK.location
    assert twice.recorded_model == ON_DISK


@pytest.mark.parametrize(
    ("source", "on_disk"), [("hub", False), ("local", True), ("package", True)]
)
def test_model_on_disk_follows_the_source(
    make_job: Callable[..., ExperimentJob], source: str, on_disk: bool
) -> None:
    job = make_job(ResolvedModel(source, "/somewhere/model"))
    assert job.model_on_disk is on_disk


# --- what a reader refuses -----------------------------------------------------------------------


@pytest.fixture
def document(make_job: Callable[..., ExperimentJob], converter: cattrs.Converter) -> dict[str, Any]:
    return json.loads(json.dumps(job_to_json(make_job(), converter)))  # type: ignore[no-any-return]


@pytest.mark.parametrize("found", [2, 0, "1", None])
def test_another_format_is_refused_naming_both(
    document: dict[str, Any], converter: cattrs.Converter, found: object
) -> None:
    document["format"] = found
    with pytest.raises(UsageError) as raised:
        job_from_json(document, converter)
    assert str(raised.value) == (
        f"experiment job format {found!r}; this llem reads format {JOB_FORMAT}"
    )


def test_a_document_without_a_format_is_refused(
    document: dict[str, Any], converter: cattrs.Converter
) -> None:
    del document["format"]
    with pytest.raises(UsageError, match="experiment job format None"):
        job_from_json(document, converter)


@pytest.mark.parametrize("value", [[], "job", 1, None])
def test_a_non_object_is_refused(converter: cattrs.Converter, value: object) -> None:
    with pytest.raises(UsageError) as raised:
        job_from_json(value, converter)
    assert str(raised.value) == "not an experiment job: the document is not a JSON object"


def _without_dir(d: dict[str, Any]) -> None:
    del d["experiment_dir"]


def _prompts_not_a_list(d: dict[str, Any]) -> None:
    d["prompts"]["measured"] = 5


def _bad_engine_value(d: dict[str, Any]) -> None:
    d["config"]["transformers"]["batch_size"] = 0


def _unknown_engine_key(d: dict[str, Any]) -> None:
    d["config"]["transformers"]["bogus"] = 1


def _limits_not_an_object(d: dict[str, Any]) -> None:
    d["limits"] = "soon"


@pytest.mark.parametrize(
    "damage",
    [
        _without_dir,
        _prompts_not_a_list,
        _bad_engine_value,
        _unknown_engine_key,
        _limits_not_an_object,
    ],
)
def test_a_malformed_job_is_a_usage_error(
    document: dict[str, Any], converter: cattrs.Converter, damage: Callable[[dict[str, Any]], None]
) -> None:
    broken = copy.deepcopy(document)
    damage(broken)
    with pytest.raises(UsageError) as raised:
        job_from_json(broken, converter)
    assert str(raised.value).startswith("not a valid experiment job: ")
    assert raised.value.exit_code == 2


def test_a_malformed_job_names_what_is_wrong(
    document: dict[str, Any], converter: cattrs.Converter
) -> None:
    del document["experiment_dir"]
    with pytest.raises(UsageError, match="experiment_dir"):
        job_from_json(document, converter)


def test_reading_a_missing_file_names_it(converter: cattrs.Converter, tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "job.json"
    with pytest.raises(UsageError) as raised:
        read_job(path, converter)
    assert str(raised.value).startswith(f"cannot read the experiment job {path}: ")


@pytest.mark.parametrize("content", [b"{not json", b"", b"\xff\xfe{}"])
def test_reading_a_file_that_is_not_json_names_it(
    converter: cattrs.Converter, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "job.json"
    path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        read_job(path, converter)
    assert str(raised.value).startswith(f"cannot read the experiment job {path}: ")


def test_reading_a_json_file_of_another_shape_is_refused(
    converter: cattrs.Converter, tmp_path: Path
) -> None:
    path = tmp_path / "job.json"
    path.write_text(json.dumps({"format": JOB_FORMAT, "name": "x"}))
    with pytest.raises(UsageError, match="not a valid experiment job"):
        read_job(path, converter)


def test_a_default_job_round_trips(converter: cattrs.Converter, registry: Registry) -> None:
    """Only the required fields given: the defaults (local runner, no limits) travel too."""
    config = resolve_experiment(ConfigSources(flags=(("task.model", "m"),)), registry).config
    job = ExperimentJob("m", config, HUB, JobPrompts((Prompt(0, "x"),)), "/e", "/c")
    back = through_text(job, converter)
    assert back == job
    assert back.runner == JobRunner()
    assert back.limits == RunLimits(None, None)
    assert attrs.asdict(back.log_settings) == attrs.asdict(LogSettings())
