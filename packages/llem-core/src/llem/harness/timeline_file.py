"""``timeseries.parquet``: the window's timeline, one row per device per sample.

The schema is fixed (documented in docs/results.md): readers can rely on every column existing
with this type, ``null`` where the sampler could not read a field. polars is imported only here.
"""

from __future__ import annotations

import io
from pathlib import Path

from llem.energy.base import Timeline, TimelineSample
from llem.results.atomic import write_bytes_atomic
from llem.results.models import TimelineSummary

TIMELINE_FILE = "timeseries.parquet"
SCHEMA: dict[str, str] = {
    "t_s": "Float64",
    "device": "String",
    "domain": "String",
    "power_w": "Float64",
    "temperature_c": "Float64",
    "sm_clock_mhz": "Int64",
    "memory_clock_mhz": "Int64",
    "gpu_utilization_pct": "Int64",
    "memory_utilization_pct": "Int64",
    "memory_used_mb": "Float64",
    "throttle_reasons": "Int64",
}
"""Column name to polars type name, in column order: the fields of :class:`TimelineSample`."""


def write_timeline(
    timeline: Timeline | None, directory: Path, missing_reason: str
) -> TimelineSummary:
    """Write the timeline beside result.json; without samples, say why there is no file."""
    if timeline is None or not timeline.samples:
        reason = missing_reason if timeline is None else "the timeline recorded no samples"
        return TimelineSummary(None, 0, None if timeline is None else timeline.interval_s, reason)
    write_bytes_atomic(directory / TIMELINE_FILE, _parquet_bytes(timeline.samples))
    return TimelineSummary(TIMELINE_FILE, len(timeline.samples), timeline.interval_s)


def _parquet_bytes(samples: tuple[TimelineSample, ...]) -> bytes:
    import polars as pl

    columns = {name: [getattr(s, name) for s in samples] for name in SCHEMA}
    schema = {name: getattr(pl, type_name) for name, type_name in SCHEMA.items()}
    buffer = io.BytesIO()
    pl.DataFrame(columns, schema=schema).write_parquet(buffer)
    return buffer.getvalue()
