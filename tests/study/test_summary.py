"""summary.parquet / summary.csv from a synthetic study folder, checked against hand-computed
statistics; the t quantile against published table values."""

from __future__ import annotations

import math
from pathlib import Path

import polars as pl
import pytest

from llem.errors import UsageError
from llem.study.intervals import spread, t_cdf, t_quantile
from llem.study.summary import summary_frame, write_summary
from tests.study.summary_fixtures import StudyBuilder


@pytest.mark.parametrize(
    ("p", "df", "expected"),
    [(0.975, 1, 12.7062), (0.975, 2, 4.3027), (0.975, 4, 2.7764), (0.975, 10, 2.2281),
     (0.975, 30, 2.0423), (0.975, 120, 1.9799), (0.995, 1, 63.6567), (0.95, 5, 2.0150)],
)  # fmt: skip
def test_t_quantile_matches_the_table(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-4)


def test_t_cdf_is_symmetric_and_inverts_the_quantile() -> None:
    assert t_cdf(0.0, 3) == 0.5
    assert t_cdf(-2.0, 5) == pytest.approx(1 - t_cdf(2.0, 5))
    assert t_cdf(t_quantile(0.975, 7), 7) == pytest.approx(0.975, abs=1e-10)


def test_spread_of_three_values_by_hand() -> None:
    figures = spread([1.0, 2.0, 3.0])
    half = 4.302652729749464 / math.sqrt(3)  # t(0.975, 2) * std 1 / sqrt(n)
    assert (figures.n, figures.mean, figures.std, figures.cv) == (3, 2.0, 1.0, 0.5)
    assert figures.ci95_low == pytest.approx(2.0 - half)
    assert figures.ci95_high == pytest.approx(2.0 + half)


def test_spread_leaves_what_it_cannot_compute_null() -> None:
    one = spread([5.0])
    assert (one.n, one.mean, one.std, one.cv, one.ci95_low, one.ci95_high) == (
        1, 5.0, None, None, None, None,
    )  # fmt: skip
    assert spread([]).mean is None
    assert spread([-1.0, 1.0]).cv is None  # mean 0: no CV
    assert spread([-1.0, 1.0]).std == pytest.approx(math.sqrt(2))


def _two_config_study(root: Path) -> Path:
    study = StudyBuilder(root, varying=["engine", "echo.batch_size", "echo.step_ms"])
    study.config("c001", {"echo.batch_size": 1, "echo.step_ms": 1.0})
    study.config("c002", {"echo.batch_size": 4, "echo.step_ms": "fast"})
    study.run("c001", 1, energy_per_output_token_j=2.0, output_tokens_per_s=100.0)
    study.run("c002", 1, energy_per_output_token_j=None, output_tokens_per_s=50.0)
    study.run("c001", 2, energy_per_output_token_j=4.0, output_tokens_per_s=300.0)
    study.run("c002", 2, status="failed", message="CUDA out of memory")
    study.run("c001", 3, status="pending")
    return study.write(status="interrupted")


def test_rows_hold_params_counts_and_hand_computed_statistics(tmp_path: Path) -> None:
    frame = summary_frame(_two_config_study(tmp_path / "study"))
    first, second = frame.to_dicts()
    assert first["config_id"] == "c001" and first["engine"] == "echo"
    assert (first["echo.batch_size"], second["echo.batch_size"]) == (1, 4)
    assert (first["cycles_ok"], first["cycles_failed"]) == (2, 0)  # the pending run is neither
    assert (second["cycles_ok"], second["cycles_failed"]) == (1, 1)
    assert first["energy_per_output_token_j_mean"] == 3.0
    assert first["energy_per_output_token_j_std"] == pytest.approx(math.sqrt(2))
    assert first["energy_per_output_token_j_cv"] == pytest.approx(math.sqrt(2) / 3)
    assert first["energy_per_output_token_j_ci95_low"] == pytest.approx(3 - 12.7062047, abs=1e-6)
    assert first["energy_per_output_token_j_ci95_high"] == pytest.approx(3 + 12.7062047, abs=1e-6)
    assert first["output_tokens_per_s_mean"] == 200.0


def test_nulls_stay_null_and_n_counts_only_measured_cycles(tmp_path: Path) -> None:
    second = summary_frame(_two_config_study(tmp_path / "study")).row(1, named=True)
    assert second["energy_per_output_token_j_n"] == 0
    for statistic in ("mean", "std", "cv", "ci95_low", "ci95_high"):
        assert second[f"energy_per_output_token_j_{statistic}"] is None
    assert second["output_tokens_per_s_n"] == 1
    assert second["output_tokens_per_s_mean"] == 50.0
    assert second["output_tokens_per_s_std"] is None
    # the echo engine measures no energy: adjusted energy is null in every real echo result
    assert second["adjusted_energy_per_output_token_j_mean"] is None


def test_mixed_parameter_types_become_strings(tmp_path: Path) -> None:
    frame = summary_frame(_two_config_study(tmp_path / "study"))
    assert frame.schema["echo.step_ms"] == pl.String
    assert frame["echo.step_ms"].to_list() == ["1.0", "fast"]
    assert frame.schema["echo.batch_size"] == pl.Int64


def test_csv_and_parquet_agree_even_with_list_parameters(tmp_path: Path) -> None:
    study = StudyBuilder(tmp_path / "study", varying=["engine", "echo.stops"])
    study.config("c001", {"echo.stops": ["a", "b"]})
    study.config("c002", {"echo.stops": {"k": 1}})
    study.run("c001", 1, output_tokens_per_s=10.0)
    study.run("c002", 1, output_tokens_per_s=20.0)
    parquet_path, csv_path = write_summary(study.write())
    parquet = pl.read_parquet(parquet_path)
    csv = pl.read_csv(csv_path, schema=parquet.schema)
    assert parquet["echo.stops"].to_list() == ['["a", "b"]', '{"k": 1}']
    assert csv.equals(parquet, null_equal=True)
    assert parquet.columns[:6] == [
        "config_id", "label", "echo.stops", "engine", "cycles_ok", "cycles_failed",
    ]  # fmt: skip
    assert "flops_per_output_token_ci95_high" in parquet.columns


def test_a_completed_run_without_result_json_counts_as_failed(tmp_path: Path) -> None:
    root = _two_config_study(tmp_path / "study")
    (root / "experiments" / "c001-2" / "result.json").unlink()
    first = summary_frame(root).row(0, named=True)
    assert (first["cycles_ok"], first["cycles_failed"]) == (1, 1)
    assert first["energy_per_output_token_j_n"] == 1


def test_a_folder_without_manifest_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no manifest\.json"):
        write_summary(tmp_path)
