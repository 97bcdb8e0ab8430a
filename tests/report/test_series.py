"""How rows become series on a metric-by-parameter plot."""

from __future__ import annotations

from llem.report.metric_plot import group_series, series_label


def _rows(engines: tuple[str, ...], batches: range) -> list[dict[str, object]]:
    return [
        {"engine": e, "batch": b, "dtype": d, "m_mean": 1.0}
        for e in engines
        for b in batches
        for d in ("float16", "float32")
    ]


def test_a_series_per_engine_and_value_of_the_other_parameters() -> None:
    groups = group_series(_rows(("echo", "vllm"), range(1, 3)), "dtype", ["batch"])
    assert sorted(groups) == ["echo, batch=1", "echo, batch=2", "vllm, batch=1", "vllm, batch=2"]
    assert all(len(rows) == 2 for rows in groups.values())


def test_too_many_series_fall_back_to_one_per_engine() -> None:
    groups = group_series(_rows(("echo", "vllm"), range(1, 6)), "dtype", ["batch"])
    assert sorted(groups) == ["echo", "vllm"]
    assert len(groups["echo"]) == 10


def test_the_engine_axis_has_no_engine_in_its_labels() -> None:
    row = {"engine": "echo", "batch": 4, "dtype": None}
    assert series_label(row, "engine", ["batch", "dtype"]) == "batch=4"
    assert series_label(row, "batch", []) == "echo"
    assert series_label(row, "engine", []) == "all"
