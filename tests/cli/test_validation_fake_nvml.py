"""The GPU validation's plumbing without a GPU: the ``nvml+reference`` sampler, in-process
repeats and the verdict, over a fake NVML that both llem and the raw-pynvml reference read.

On a real GPU the same code compares two independent readers; here both read one scripted
counter (300 W), so agreement is expected and a broken pairing of windows would show."""

from __future__ import annotations

from pathlib import Path

import pytest

from llem.validation.driver import RunFigures, Settings, run_validation
from llem.validation.reference import read_pairs
from llem.validation.report import judge, markdown

from ..conftest import write_fake_dist

FAKE_REFERENCED = """
from llem import hookimpl
from llem.records import EnergySamplerSpec
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeGpu, FakeNvml
from llem.validation.reference import RawNvmlReader, ReferencedSampler

UUID = "GPU-cafe0000-0000-0000-0000-000000000000"
NVML = FakeNvml([FakeGpu("NVIDIA H100 80GB HBM3", UUID, energy_mj=lambda t: int(300_000 * t),
                         power_mw=300_000)])


def make_sampler():
    return ReferencedSampler(NvmlSampler(nvml=NVML, env={}),
                             lambda target: RawNvmlReader([UUID], nvml=NVML))


@hookimpl
def llem_register_energy_samplers():
    return [EnergySamplerSpec(name="fake-nvml+reference", factory="llem_fake_ref:make_sampler")]
"""


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("validate")


@pytest.fixture(scope="module")
def runs(echo_site: Path, out_dir: Path) -> list[RunFigures]:
    site = write_fake_dist(
        out_dir / "site", "llem-fake-ref", "fake-ref", "llem_fake_ref", FAKE_REFERENCED
    )
    settings = Settings(
        model="toy/echo", out_dir=out_dir, repeats=3, n_prompts=20,
        max_output_tokens=4, engine="echo", sampler="fake-nvml+reference", baseline_s=0.5,
        engine_section={"batch_size": 2, "device": "cuda:0", "step_ms": 15},
    )  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(echo_site))
        patch.syspath_prepend(str(site))
        return run_validation(settings)


def test_each_run_pairs_llem_and_the_reference_over_the_same_window(
    runs: list[RunFigures], out_dir: Path
) -> None:
    assert len(runs) == 3
    for run in runs:
        assert run.reference == "raw pynvml total-energy counter"
        assert run.llem_j == pytest.approx(300 * run.window_s, rel=0.02)
        assert run.reference_j == pytest.approx(run.llem_j, rel=0.02)
        assert run.output_tokens == 20 * 4
    first_log = read_pairs(out_dir / "run-1.windows.jsonl")
    assert len(first_log) == 2  # the idle baseline (fresh in run 1), then the measured window
    assert [len(read_pairs(out_dir / f"run-{n}.windows.jsonl")) for n in (2, 3)] == [
        1,
        1,
    ]  # runs 2 and 3 reuse the cached baseline: only their measured window


def test_the_verdict_agrees_and_reports_the_cv(runs: list[RunFigures]) -> None:
    verdict = judge(runs)
    assert verdict.agrees
    assert verdict.max_reference_difference is not None
    assert verdict.max_reference_difference <= 0.02
    assert verdict.energy_per_token_cv is not None
    text = markdown(runs, verdict, "fake H100")
    assert "AGREES" in text and "CV of energy per output token over 3 runs" in text


def figures(llem_j: float | None, reference_j: float) -> RunFigures:
    return RunFigures(llem_j, reference_j, "ref", None, 10.0, 100, None, ())


def test_a_run_off_by_more_than_two_percent_fails_the_verdict() -> None:
    verdict = judge([figures(100.0, 100.0), figures(103.0, 100.0)])
    assert verdict.max_reference_difference == pytest.approx(0.03)
    assert not verdict.agrees
    assert "DOES NOT AGREE" in markdown([figures(103.0, 100.0)], verdict, "x")


def test_an_unmeasured_run_never_agrees() -> None:
    verdict = judge([figures(None, 100.0)])
    assert verdict.max_reference_difference is None
    assert not verdict.agrees
