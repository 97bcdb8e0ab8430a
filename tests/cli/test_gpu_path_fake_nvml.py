"""The whole GPU measurement path through a spawned experiment process, on a fake NVML.

A fake distribution registers the energy sampler ``fake-nvml``: llem's real ``NvmlSampler`` over
:class:`llem.testing.fake_nvml.FakeNvml`, injected through the sampler plugin hook exactly as a
real sampler is. The echo engine reports ``cuda:0``. The fake GPU idles at 60 W for its first
1.5 s (the idle baseline falls there) and draws 300 W after (the thermal floor's ``wait_s`` keeps
the window there); another process is on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from llem.harness.timeline_file import SCHEMA

from ..conftest import write_fake_dist
from .conftest import ECHO_RUN

FAKE_SAMPLER = """
from llem import hookimpl
from llem.records import EnergySamplerSpec
from llem.energy.nvml import NvmlSampler
from llem.testing.fake_nvml import FakeGpu, FakeNvml, FakeProcess

IDLE_S, IDLE_MW, BUSY_MW = 1.5, 60_000, 300_000
UUID = "GPU-feed0000-0000-0000-0000-000000000000"


def power_mw(t):
    return IDLE_MW if t < IDLE_S else BUSY_MW


def energy_mj(t):
    busy = max(0.0, t - IDLE_S)
    return int(IDLE_MW * min(t, IDLE_S) + BUSY_MW * busy)  # mW x s = mJ


def make_sampler():
    gpu = FakeGpu("NVIDIA H100 80GB HBM3", UUID, energy_mj=energy_mj, power_mw=power_mw,
                  processes=[FakeProcess(pid=424242, usedGpuMemory=2**30)])
    return NvmlSampler(nvml=FakeNvml([gpu]), env={})


@hookimpl
def llem_register_energy_samplers():
    return [EnergySamplerSpec(name="fake-nvml", factory="llem_fake_gpu:make_sampler")]
"""


def run_on_fake_gpu(work: Path, sites: tuple[Path, ...], out: str) -> Path:
    """One ``llem run`` of the echo engine on the fake GPU; the experiment's folder (its printed
    summary saved beside it as ``summary.txt``)."""
    command = (
        *ECHO_RUN, "--n-prompts", "12", "--output", out,
        "--set", "echo.device=cuda:0", "--set", "echo.step_ms=15",
        "--set", "task.max_output_tokens=8",
        "--set", "measurement.energy.sampler=fake-nvml",
        "--set", "measurement.energy.timeline_interval_s=0.05",
        "--set", "measurement.baseline.duration_s=0.5",
        "--set", f"measurement.baseline.cache_dir={work / 'cache'}",
        "--set", "measurement.thermal_floor.wait_s=1.5",
    )  # fmt: skip
    paths = os.pathsep.join([*map(str, sites), os.environ.get("PYTHONPATH", "")])
    run = subprocess.run(
        [sys.executable, "-m", "llem", *command], cwd=work, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": paths}, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    (experiment,) = (work / out).iterdir()
    (work / f"{out}-summary.txt").write_text(run.stdout)
    return experiment


@pytest.fixture(scope="module")
def measured(echo_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two runs sharing one baseline cache; the folders of the first and the second."""
    work = tmp_path_factory.mktemp("fake-gpu")
    fake_gpu = write_fake_dist(
        work / "site", "llem-fake-gpu", "fake-gpu", "llem_fake_gpu", FAKE_SAMPLER
    )
    sites = (echo_site, fake_gpu)
    return run_on_fake_gpu(work, sites, "first"), run_on_fake_gpu(work, sites, "second")


def test_raw_energy_is_the_counter_and_adjusted_subtracts_idle(measured: tuple[Path, Path]) -> None:
    result = json.loads((measured[0] / "result.json").read_text())
    energy, window_s = result["energy"], result["timing"]["window_s"]
    assert energy["measurement"]["method"] == "nvml-total-energy-counter"
    assert energy["raw_j"] == pytest.approx(300 * window_s, rel=0.05)
    assert energy["baseline"]["source"] == "fresh"
    assert energy["baseline"]["power_w"] == pytest.approx(60, rel=0.05)
    assert energy["adjusted_j"] == pytest.approx(energy["raw_j"] - 60 * window_s, rel=0.05)
    output_tokens = result["workload"]["output_tokens"]
    assert energy["adjusted_per_output_token_j"] == pytest.approx(
        energy["adjusted_j"] / output_tokens
    )
    (domain,) = energy["domains"]
    assert domain["device"] == "gpu:0 GPU-feed0000-0000-0000-0000-000000000000"


def test_second_run_reuses_the_cached_baseline(measured: tuple[Path, Path]) -> None:
    baseline = json.loads((measured[1] / "result.json").read_text())["energy"]["baseline"]
    assert baseline["source"] == "cache"
    assert baseline["power_w"] == pytest.approx(60, rel=0.05)
    assert baseline["age_s"] > 0


def test_timeline_is_written_with_the_fixed_schema_and_integrates_to_the_counter(
    measured: tuple[Path, Path],
) -> None:
    experiment = measured[0]
    result = json.loads((experiment / "result.json").read_text())
    frame = pl.read_parquet(experiment / result["timeline"]["file"])
    assert frame.columns == list(SCHEMA)
    assert frame.height == result["timeline"]["samples"] >= 10
    assert set(frame["device"]) == {result["energy"]["domains"][0]["device"]}
    assert frame["power_w"].min() == pytest.approx(300)
    measurement = result["energy"]["measurement"]
    assert measurement["timeline_j"] == pytest.approx(measurement["total_j"], rel=0.1)


def test_thermal_floor_and_gpu_state_are_recorded_and_warned(measured: tuple[Path, Path]) -> None:
    experiment = measured[0]
    result = json.loads((experiment / "result.json").read_text())
    assert result["thermal"]["waited_s"] >= 1.5
    assert result["thermal"]["start_c"] == {"gpu:0 GPU-feed0000-0000-0000-0000-000000000000": 35}
    (gpu,) = json.loads((experiment / "environment.json").read_text())["gpus"]
    assert gpu["processes"] == [{"pid": 424242, "used_memory_mb": 1024.0}]
    assert any("other processes were on the GPU (pids 424242)" in w for w in result["warnings"])


def test_the_printed_summary_shows_raw_adjusted_and_the_timeline(
    measured: tuple[Path, Path],
) -> None:
    first = (measured[0].parent.parent / "first-summary.txt").read_text()
    assert "energy (raw)" in first and "GPU board energy of gpu:0" in first
    assert "energy (adjusted)" in first and "(idle 60 W, baseline fresh)" in first
    assert "timeline integral" in first
    second = (measured[1].parent.parent / "second-summary.txt").read_text()
    assert "baseline cache)" in second
