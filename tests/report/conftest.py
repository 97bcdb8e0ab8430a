"""Synthetic study folders for the report and ``llem results`` tests (see
tests/study/summary_fixtures.py for how they are built)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.study.summary_fixtures import StudyBuilder

BATCH_SIZES = (1, 4, 16)


def _figures(engine: str, batch: int, dtype: str, cycle: int) -> dict[str, float | None]:
    slower = 1.5 if engine == "slow" else 1.0
    energy = slower * (1.2 if dtype == "float32" else 1.0) / batch + 0.01 * cycle
    return {
        "energy_per_output_token_j": energy,
        "adjusted_energy_per_output_token_j": None if batch == 1 else energy * 0.7,
        "output_tokens_per_s": 100.0 * batch / slower + cycle,
        "ttft_p50_s": 0.01 * batch * slower,
    }


@pytest.fixture(scope="module")
def grid_study(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2 engines x 3 batch sizes x 2 dtypes, 2 cycles; c001's second cycle failed, one skipped.
    Shared by a module's tests: they may add a report or summary to it, nothing else."""
    study = StudyBuilder(
        tmp_path_factory.mktemp("grid") / "results" / "grid_20261202T010000Z",
        varying=["engine", "echo.batch_size", "echo.dtype"],
        name="grid",
    )
    grid = [
        (e, b, d) for e in ("echo", "slow") for b in BATCH_SIZES for d in ("float16", "float32")
    ]
    for number, (engine, batch, dtype) in enumerate(grid, start=1):
        study.config(f"c{number:03d}", {"echo.batch_size": batch, "echo.dtype": dtype}, engine)
    for cycle in (1, 2):
        for number, (engine, batch, dtype) in enumerate(grid, start=1):
            if (number, cycle) == (1, 2):
                study.run("c001", 2, status="failed", message="CUDA out of memory")
            else:
                study.run(f"c{number:03d}", cycle, **_figures(engine, batch, dtype, cycle))
    study.skip("echo.batch_size=64", "study.yaml:9:5: echo.batch_size: 64 exceeds the maximum 32")
    return study.write()


@pytest.fixture
def echo_study(tmp_path: Path) -> Path:
    """Two configurations of unmodified echo results: energy is null in every run, as on a CPU."""
    study = StudyBuilder(tmp_path / "echo-study", varying=["engine", "echo.batch_size"])
    for number, batch in enumerate((1, 2), start=1):
        study.config(f"c00{number}", {"echo.batch_size": batch})
        study.run(f"c00{number}", 1)
        study.run(f"c00{number}", 2)
    return study.write()
