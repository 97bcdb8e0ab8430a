"""``llem results compare`` shows each side's 95 % interval, the range of B/A the two intervals
allow, and whether the difference can be told from the noise between cycles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llem.cli.main import run_cli
from tests.study.summary_fixtures import StudyBuilder

QUIET = (37.0, 39.0, 38.0)  # 38 ± 2.484: [35.52, 40.48]
NOISY = (20.0, 300.0, 137.0)  # 152.3 ± 349.3: [-197.0, 501.7]
FASTER = (150.0, 152.0, 151.0)  # 151 ± 2.484: [148.52, 153.48]


@pytest.fixture
def study(tmp_path: Path) -> Path:
    builder = StudyBuilder(tmp_path / "s", varying=["engine", "echo.batch_size"])
    for number, values in enumerate((QUIET, NOISY, FASTER), start=1):
        builder.config(f"c00{number}", {"echo.batch_size": number})
        for cycle, value in enumerate(values, start=1):
            builder.run(f"c00{number}", cycle, output_tokens_per_s=value)
    return builder.write()


def throughput(capsys: pytest.CaptureFixture[str], a: str | Path, b: str | Path) -> list[str]:
    """The cells of the throughput row: metric, A, B, B/A, B/A by the 95 % intervals."""
    assert run_cli(["results", "compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "B/A by the 95 % intervals: B's interval over A's, edge to edge;" in out
    line = next(line for line in out.splitlines() if "output tokens / s" in line)
    return re.split(r"\s{2,}", line.strip())


def test_a_4x_ratio_within_the_noise_says_so(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = throughput(capsys, f"{study}:c001", f"{study}:c002")
    assert cells[1] == "38 ± 2.484 (n=3)"
    assert cells[3] == "4.01x"  # what compare printed alone before
    assert cells[4] == "0x to 14.1x, overlap: not distinguishable from noise"  # B's low is < 0


def test_intervals_apart_give_the_ratio_a_range(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = throughput(capsys, f"{study}:c001", f"{study}:c003")
    assert cells[2:] == ["151 ± 2.484 (n=3)", "3.97x", "3.67x to 4.32x, apart"]


def test_an_a_interval_reaching_zero_leaves_the_ratio_unbounded(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cells = throughput(capsys, f"{study}:c002", f"{study}:c001")
    assert cells[3:] == [
        "0.249x",
        "0.0708x to unbounded (A's interval reaches 0), overlap: not distinguishable from noise",
    ]


def test_single_experiments_have_n_1_and_no_interval(
    study: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = study / "experiments"
    cells = throughput(capsys, runs / "c001-1", runs / "c003-1")
    assert cells[1:] == ["37 (n=1)", "150 (n=1)", "4.05x", "no interval: n=1 vs n=1"]
