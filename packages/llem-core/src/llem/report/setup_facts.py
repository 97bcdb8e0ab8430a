"""What a study measured and on what: the model, the hardware, the engines with their library
versions, llem's version and the workload, each as the runs recorded it (``result.json``,
``environment.json``) or the manifest's resolved configs. Values that differ between runs are all
listed; a fact nothing recorded is said to be not recorded, never guessed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from llem.errors import UsageError
from llem.results.files import ENVIRONMENT_FILE
from llem.results.headline import lookup
from llem.results.model_label import model_label
from llem.study.folder_read import RunOutcome, read_json

NOT_RECORDED = "not recorded"
Document = dict[str, Any]


@attrs.frozen
class RunRecord:
    """A completed run's ``result.json`` and its ``environment.json`` (``None`` when missing)."""

    result: Document
    environment: Document | None


def _environment(study_dir: Path, run: Document) -> Document | None:
    folder = study_dir / str(run.get("dir", f"experiments/{run['id']}"))
    try:
        return read_json(folder / ENVIRONMENT_FILE)
    except UsageError:
        return None


def run_records(study_dir: Path, manifest: Document,
                outcomes: Sequence[RunOutcome]) -> list[RunRecord]:  # fmt: skip
    """The completed runs with their environments; ``outcomes`` in the manifest's run order."""
    runs = manifest.get("runs", [])
    return [
        RunRecord(outcome.result, _environment(study_dir, run))
        for run, outcome in zip(runs, outcomes, strict=True)
        if outcome.result is not None
    ]


def distinct(texts: Iterable[str]) -> str:
    """Each different text once, in order of first appearance; ``not recorded`` for none."""
    return "; ".join(dict.fromkeys(texts)) or NOT_RECORDED


def values(documents: Iterable[Document], path: tuple[str, ...]) -> str:
    """The different values at ``path``, comma-separated; ``not recorded`` where none has one."""
    found = (lookup(document, path) for document in documents)
    return ", ".join(dict.fromkeys(str(v) for v in found if v is not None)) or NOT_RECORDED


def _cpu(environment: Document) -> str:
    cpu = environment.get("cpu") or {}
    count = f" ({cpu['logical_cpus']} logical CPUs)" if cpu.get("logical_cpus") else ""
    return f"CPU {cpu.get('model') or NOT_RECORDED}{count}"


def _gpus(environment: Document) -> str:
    gpus = environment.get("gpus")
    if gpus is None:
        return f"GPUs {NOT_RECORDED} ({environment.get('gpus_reason') or 'no reason recorded'})"
    names = Counter(str(gpu.get("name") or "unnamed GPU") for gpu in gpus)
    return "GPUs " + (", ".join(f"{count} x {name}" for name, count in names.items()) or "none")


def hardware(environment: Document | None) -> str:
    """The CPU and the GPUs NVML listed, from one run's ``environment.json``."""
    if environment is None:
        return f"{NOT_RECORDED} (no {ENVIRONMENT_FILE})"
    return f"{_cpu(environment)}; {_gpus(environment)}"


def engine_versions(record: RunRecord) -> str:
    """``transformers (transformers 4.57.1, torch 2.8.0)``: the engine and its libraries."""
    engine = str(record.result.get("engine") or "?")
    versions = (record.environment or {}).get("engine_versions")
    if not versions:
        return f"{engine} (library versions {NOT_RECORDED})"
    return f"{engine} ({', '.join(f'{name} {version}' for name, version in versions.items())})"


def workload(results: Sequence[Document], configs: Sequence[Document]) -> str:
    """The dataset and prompt counts the runs recorded; the token limits their configs set."""
    return (
        f"dataset: {values(results, ('workload', 'dataset'))}; "
        f"prompts measured: {values(results, ('workload', 'n_prompts'))}; "
        f"warmup prompts: {values(results, ('workload', 'warmup_prompts'))}; "
        f"max input tokens: {values(configs, ('task', 'max_input_tokens'))}; "
        f"max output tokens: {values(configs, ('task', 'max_output_tokens'))}"
    )


def setup_rows(records: Sequence[RunRecord], manifest: Document) -> tuple[tuple[str, str], ...]:
    """``(what, text)`` pairs for the report's header."""
    results = [record.result for record in records]
    configs = [config.get("config") or {} for config in manifest.get("configs", [])]
    return (
        ("model", distinct(map(model_label, results))),
        ("hardware", distinct(hardware(record.environment) for record in records)),
        ("engines", distinct(map(engine_versions, records))),
        ("llem version", values(results, ("llem_version",))),
        ("workload", workload(results, configs)),
    )
