"""``build_report`` on synthetic studies: valid PNGs, a self-contained HTML page that embeds them,
and every failure, skip and null said in words."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import polars as pl
import pytest
from PIL import Image

from llem.report.build import build_report
from llem.report.tradeoff_plot import tradeoff_points
from llem.study.summary import summary_frame

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def grid_html(grid_study: Path) -> Path:
    return build_report(grid_study)


def _pngs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png"))


def test_report_writes_valid_pngs_for_each_metric_and_param(
    grid_study: Path, grid_html: Path
) -> None:
    html = grid_html
    assert html == grid_study / "report" / "report.html"
    names = {p.name for p in _pngs(html.parent)}
    assert "energy_throughput_tradeoff.png" in names
    assert "energy_per_output_token_j_by_echo_batch_size.png" in names
    assert "adjusted_energy_per_output_token_j_by_engine.png" in names
    assert "ttft_p50_s_by_echo_dtype.png" in names
    for png in _pngs(html.parent):
        assert png.read_bytes().startswith(PNG_SIGNATURE)
        with Image.open(png) as image:
            image.verify()
            assert image.size[0] > 300


def test_html_is_self_contained_and_embeds_every_png(grid_html: Path) -> None:
    html_path = grid_html
    page = html_path.read_text(encoding="utf-8")
    assert "://" not in page  # ':' is not in the base64 alphabet: no URL hides in an image
    assert "<script" not in page and "<link" not in page
    embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    files = {p.read_bytes() for p in _pngs(html_path.parent)}
    assert len(embedded) == len(files) > 10
    assert {base64.b64decode(data) for data in embedded} == files


def test_html_names_the_study_failures_skips_boundary_and_nulls(grid_html: Path) -> None:
    page = grid_html.read_text(encoding="utf-8")
    assert "Study grid" in page and "3f2a9c0d1e2b4a5c" in page
    assert "23 ok, 1 failed, 0 not run" in page
    assert "c001-2: CUDA out of memory (exit code 1)" in page
    assert "echo.batch_size=64: study.yaml:9:5: echo.batch_size: 64 exceeds the maximum 32" in page
    assert "nvml (counter) — GPU 0 board (NVML counter) (23 run(s))" in page
    assert "energy / output token (adjusted) null in 7 run(s): no adjusted_energy" in page
    assert "<td>c012</td>" in page


def test_entirely_null_metrics_get_a_reason_instead_of_a_plot(echo_study: Path) -> None:
    html_path = build_report(echo_study, echo_study / "elsewhere")
    page = html_path.read_text(encoding="utf-8")
    names = {p.name for p in _pngs(html_path.parent)}
    assert html_path.parent == echo_study / "elsewhere"
    assert not any(name.startswith(("energy_", "adjusted_")) for name in names)
    assert "output_tokens_per_s_by_echo_batch_size.png" in names
    assert "no plot: energy / output token (raw): null in every configuration (auto: nvml" in page
    assert "no plot: energy-throughput trade-off: no configuration has energy" in page
    assert "nothing measured (4 run(s))" in page  # the echo result's energy boundary


def test_report_writes_the_summary_first_when_missing(echo_study: Path) -> None:
    assert not (echo_study / "summary.parquet").exists()
    build_report(echo_study)
    written = pl.read_parquet(echo_study / "summary.parquet")
    assert written.equals(summary_frame(echo_study), null_equal=True)
    assert (echo_study / "summary.csv").is_file()


def test_tradeoff_uses_raw_energy_for_all_when_one_lacks_adjusted(grid_study: Path) -> None:
    rows = summary_frame(grid_study).to_dicts()
    points = {p.config_id: p for p in tradeoff_points(rows)}
    assert len(points) == 12
    # batch 1 has no adjusted energy in the fixture, so no point uses it: one basis for the front
    assert not any(point.adjusted for point in points.values())
    assert points["c001"].joules_per_token == 1.01  # one ok cycle: raw 1.0 + 0.01
    with_adjusted = [row for row in rows if row["adjusted_energy_per_output_token_j_mean"]]
    assert all(point.adjusted for point in tradeoff_points(with_adjusted))


def test_a_summary_older_than_the_manifest_is_rewritten(echo_study: Path) -> None:
    build_report(echo_study)
    manifest_path, summary = echo_study / "manifest.json", echo_study / "summary.parquet"
    manifest = json.loads(manifest_path.read_text())
    run = next(run for run in manifest["runs"] if run["id"] == "c001-2")
    run |= {"status": "failed", "error": {"message": "killed", "exit_code": -9, "log_tail": ""}}
    manifest_path.write_text(json.dumps(manifest))
    os.utime(summary, (1, 1))  # the summary predates the rewritten manifest
    build_report(echo_study)
    assert pl.read_parquet(summary)["cycles_failed"].to_list() == [1, 0]
