"""write_timeline: timeseries.parquet with the fixed SCHEMA, or no file and the reason."""

from __future__ import annotations

import attrs
import polars as pl

from llem.energy.base import Timeline, TimelineSample
from llem.harness.timeline_file import SCHEMA, TIMELINE_FILE, write_timeline
from tests.measurement.scripted import CPU, GPU0

FULL = TimelineSample(
    t_s=0.1, device=GPU0[0], domain="gpu", power_w=312.5, temperature_c=61.0,
    sm_clock_mhz=1980, memory_clock_mhz=2619, gpu_utilization_pct=97,
    memory_utilization_pct=40, memory_used_mb=40_960.0, throttle_reasons=0x4,
)  # fmt: skip
SPARSE = TimelineSample(t_s=0.2, device=CPU[0], domain=CPU[1], power_w=None)
TIMELINE = Timeline(0.1, (FULL, SPARSE))
DTYPE_OF = {"float | None": "Float64", "int | None": "Int64", "float": "Float64", "str": "String"}


def test_schema_lists_the_timeline_sample_fields_in_order():
    assert list(SCHEMA) == [field.name for field in attrs.fields(TimelineSample)]


def test_schema_types_match_the_timeline_sample_annotations():
    annotations = {field.name: DTYPE_OF[field.type] for field in attrs.fields(TimelineSample)}
    assert annotations == SCHEMA


def test_writes_one_row_per_sample_with_the_schema(tmp_path):
    summary = write_timeline(TIMELINE, tmp_path, "unused")
    assert (summary.file, summary.samples, summary.interval_s) == (TIMELINE_FILE, 2, 0.1)
    assert summary.reason is None
    frame = pl.read_parquet(tmp_path / TIMELINE_FILE)
    assert frame.columns == list(SCHEMA)
    assert {name: str(dtype) for name, dtype in frame.schema.items()} == SCHEMA
    assert frame.rows() == [attrs.astuple(FULL), attrs.astuple(SPARSE)]


def test_unread_fields_are_null_not_zero(tmp_path):
    write_timeline(TIMELINE, tmp_path, "unused")
    sparse = pl.read_parquet(tmp_path / TIMELINE_FILE).row(1, named=True)
    assert (sparse["device"], sparse["domain"], sparse["t_s"]) == ("cpu:0", "package", 0.2)
    unread = [name for name in SCHEMA if name not in ("t_s", "device", "domain")]
    assert all(sparse[name] is None for name in unread)


def test_schema_holds_even_when_a_column_is_all_null(tmp_path):
    write_timeline(Timeline(0.5, (SPARSE,)), tmp_path, "unused")
    frame = pl.read_parquet(tmp_path / TIMELINE_FILE)
    assert {name: str(dtype) for name, dtype in frame.schema.items()} == SCHEMA


def test_written_atomically_leaving_no_temporary_file(tmp_path):
    (tmp_path / TIMELINE_FILE).write_bytes(b"an older, torn file")
    write_timeline(TIMELINE, tmp_path, "unused")
    assert [p.name for p in tmp_path.iterdir()] == [TIMELINE_FILE]
    assert pl.read_parquet(tmp_path / TIMELINE_FILE).height == 2


def test_creates_the_experiment_directory(tmp_path):
    directory = tmp_path / "results" / "exp-1"
    write_timeline(TIMELINE, directory, "unused")
    assert (directory / TIMELINE_FILE).is_file()


def test_no_timeline_writes_no_file_and_gives_the_reason(tmp_path):
    summary = write_timeline(None, tmp_path, "the sampler records no timeline")
    assert (summary.file, summary.samples, summary.interval_s) == (None, 0, None)
    assert summary.reason == "the sampler records no timeline"
    assert list(tmp_path.iterdir()) == []


def test_empty_timeline_writes_no_file_and_says_so(tmp_path):
    summary = write_timeline(Timeline(0.1, ()), tmp_path, "unused")
    assert (summary.file, summary.samples, summary.interval_s) == (None, 0, 0.1)
    assert summary.reason == "the timeline recorded no samples"
    assert list(tmp_path.iterdir()) == []
