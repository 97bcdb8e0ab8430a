"""A job as JSON and back, through the config converter (so the engine's section is typed by the
engine plugin loaded on the side that reads it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cattrs

from llem.errors import UsageError
from llem.experiment.job import JOB_FORMAT, ExperimentJob
from llem.results.atomic import write_json_atomic


def job_to_json(job: ExperimentJob, converter: cattrs.Converter) -> dict[str, Any]:
    document: dict[str, Any] = converter.unstructure(job)
    document["config"] = converter.unstructure(job.config)
    return document


def job_from_json(document: Any, converter: cattrs.Converter) -> ExperimentJob:
    """Raises :class:`UsageError` for a document that is not a job of this llem's format."""
    if not isinstance(document, dict):
        raise UsageError("not an experiment job: the document is not a JSON object")
    found = document.get("format")
    if found != JOB_FORMAT:
        raise UsageError(f"experiment job format {found!r}; this llem reads format {JOB_FORMAT}")
    try:
        return converter.structure(document, ExperimentJob)
    except cattrs.BaseValidationError as error:
        problems = "; ".join(cattrs.transform_error(error, path="job"))
        raise UsageError(f"not a valid experiment job: {problems}") from None
    except (ValueError, TypeError, KeyError) as error:
        raise UsageError(f"not a valid experiment job: {error}") from None


def write_job(path: Path, job: ExperimentJob, converter: cattrs.Converter) -> None:
    write_json_atomic(path, job_to_json(job, converter))


def read_job(path: Path, converter: cattrs.Converter) -> ExperimentJob:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read the experiment job {path}: {error}") from None
    return job_from_json(document, converter)
