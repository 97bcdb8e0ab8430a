"""The HTML report names noisy configurations under the summary table, before the plots."""

from __future__ import annotations

from pathlib import Path

from llem.report.build import build_report
from tests.study.summary_fixtures import StudyBuilder


def _study(root: Path, throughputs: dict[str, tuple[float, ...]]) -> Path:
    study = StudyBuilder(root, varying=["engine", "echo.batch_size"])
    for number, (config_id, values) in enumerate(throughputs.items(), start=1):
        study.config(config_id, {"echo.batch_size": number})
        for cycle, value in enumerate(values, start=1):
            study.run(config_id, cycle, output_tokens_per_s=value)
    return study.write()


def _section(page: str) -> str:
    start = page.index("<h2>Noise</h2>")
    return page[start : page.index("<h2>", start + 1)]


def test_the_report_names_a_noisy_configuration_before_the_plots(tmp_path: Path) -> None:
    study = _study(tmp_path / "s", {"c001": (37.0, 39.0, 38.0), "c002": (20.0, 300.0, 137.0)})
    page = build_report(study).read_text(encoding="utf-8")
    section = _section(page)
    assert page.index("<h2>Summary</h2>") < page.index("<h2>Noise</h2>")
    assert page.index("<h2>Noise</h2>") < page.index("<h2>Plots</h2>")
    assert "<li>c002 (echo.batch_size=2): figures vary across cycles, CV " in section
    assert "output tokens / s 92% (n=3)" in section
    assert "c001" not in section


def test_a_quiet_study_says_so(tmp_path: Path) -> None:
    study = _study(tmp_path / "s", {"c001": (37.0, 39.0, 38.0), "c002": (74.0, 76.0, 75.0)})
    section = _section(build_report(study).read_text(encoding="utf-8"))
    assert "every configuration has 3 or more cycles and no CV above 10%." in section
