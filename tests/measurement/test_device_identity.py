"""Which physical devices a measurement is of (:mod:`llem.harness.device_identity`), in words
that are the same on the host and in a container on it: the key of cached idle baselines.

The samplers here stand in for NVML hardware that is absent; NVML itself is the fake of
:mod:`llem.testing.fake_nvml`, put where ``import pynvml`` finds it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from llem.energy.base import (
    Availability,
    DeviceIdentity,
    EnergyMeasurement,
    MeasurementTarget,
    unmeasured,
)
from llem.harness.device_identity import cpu_identity, device_identity
from llem.testing.fake_nvml import FakeGpu, FakeNvml, NVMLError_LibraryNotFound

XEON = "Intel(R) Xeon(R) Platinum 8480+"
NVML_UUIDS = ("GPU-nvml-0000", "GPU-nvml-1111")
TWO_GPUS = MeasurementTarget("cuda", (0, 1))


def cpuinfo(root: Path, text: str) -> Path:
    (root / "proc").mkdir(parents=True)
    (root / "proc" / "cpuinfo").write_text(text)
    return root


def processor(index: int, socket: int, model: str = XEON) -> str:
    return (
        f"processor\t: {index}\nvendor_id\t: GenuineIntel\nmodel name\t: {model}\n"
        f"physical id\t: {socket}\ncore id\t\t: {index}\n\n"
    )


class Sampler:
    """An energy sampler that measures nothing (only its identity matters here)."""

    name = "fake"

    def probe(self, target: MeasurementTarget) -> Availability:
        return Availability(True)

    def start(self) -> None:
        pass

    def stop(self) -> EnergyMeasurement:
        return unmeasured("fake")


class IdentifyingSampler(Sampler):
    """A sampler that knows its devices' UUIDs (as NVML-based samplers do)."""

    def __init__(self, ids: tuple[str, ...] | None) -> None:
        self.ids = ids
        self.asked: list[MeasurementTarget] = []

    def device_ids(self, target: MeasurementTarget) -> tuple[str, ...] | None:
        self.asked.append(target)
        return self.ids


@pytest.fixture
def nvml(monkeypatch: pytest.MonkeyPatch) -> FakeNvml:
    """NVML that sees two GPUs, and no CUDA_VISIBLE_DEVICES."""
    fake = FakeNvml([FakeGpu("NVIDIA H100", uuid) for uuid in NVML_UUIDS])
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)
    return fake


@pytest.fixture
def no_nvml(monkeypatch: pytest.MonkeyPatch) -> None:
    """NVML that cannot start (no driver), and no CUDA_VISIBLE_DEVICES."""
    fake = FakeNvml([], init_error=NVMLError_LibraryNotFound())
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    monkeypatch.delenv("CUDA_VISIBLE_DEVICES", raising=False)


# --- CPU -----------------------------------------------------------------------------------------


def test_two_sockets(tmp_path: Path) -> None:
    root = cpuinfo(tmp_path, "".join(processor(i, i // 2) for i in range(4)))
    assert cpu_identity(root) == f"cpu:{XEON} x2"


def test_one_socket(tmp_path: Path) -> None:
    root = cpuinfo(tmp_path, processor(0, 0) + processor(1, 0))
    assert cpu_identity(root) == f"cpu:{XEON} x1"


def test_the_first_model_name_is_kept(tmp_path: Path) -> None:
    root = cpuinfo(tmp_path, processor(0, 0) + processor(1, 1, model="Something Else"))
    assert cpu_identity(root) == f"cpu:{XEON} x2"


def test_an_arm_cpuinfo_without_sockets_counts_one(tmp_path: Path) -> None:
    root = cpuinfo(tmp_path, "processor\t: 0\nBogoMIPS\t: 48.00\n\nHardware\t: BCM2835\n")
    assert cpu_identity(root) == "cpu:BCM2835 x1"


def test_no_cpuinfo(tmp_path: Path) -> None:
    assert cpu_identity(tmp_path) == "cpu:unknown x1"


def test_a_cpu_target_is_the_cpu_whatever_the_sampler(tmp_path: Path) -> None:
    root = cpuinfo(tmp_path, processor(0, 0) + processor(1, 1))
    sampler = IdentifyingSampler(("GPU-never-asked",))
    assert device_identity(sampler, MeasurementTarget("cpu"), root) == f"cpu:{XEON} x2"
    assert device_identity(None, MeasurementTarget("cpu"), root) == f"cpu:{XEON} x2"
    assert sampler.asked == []


# --- GPUs ----------------------------------------------------------------------------------------


def test_a_sampler_that_knows_its_gpus_names_them(nvml: FakeNvml, tmp_path: Path) -> None:
    sampler = IdentifyingSampler(("GPU-a", "GPU-b"))
    assert isinstance(sampler, DeviceIdentity)
    assert device_identity(sampler, TWO_GPUS, tmp_path) == "gpu:GPU-a,GPU-b"
    assert sampler.asked == [TWO_GPUS]
    assert nvml.init_calls == 0  # the sampler's word is enough


@pytest.mark.parametrize("ids", [None, ()])
def test_a_sampler_that_cannot_tell_falls_back_to_nvml(
    nvml: FakeNvml, tmp_path: Path, ids: tuple[str, ...] | None
) -> None:
    identity = device_identity(IdentifyingSampler(ids), TWO_GPUS, tmp_path)
    assert identity == "gpu:" + ",".join(NVML_UUIDS)


def test_a_sampler_without_identities_falls_back_to_nvml(nvml: FakeNvml, tmp_path: Path) -> None:
    sampler = Sampler()
    assert not isinstance(sampler, DeviceIdentity)
    target = MeasurementTarget("cuda", (1,))
    assert device_identity(sampler, target, tmp_path) == f"gpu:{NVML_UUIDS[1]}"
    assert device_identity(None, target, tmp_path) == f"gpu:{NVML_UUIDS[1]}"


def test_without_nvml_the_ordinals_and_visible_devices_are_all_there_is(
    no_nvml: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert device_identity(None, TWO_GPUS, tmp_path) == "cuda:[0, 1] CUDA_VISIBLE_DEVICES=None"
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "2,3")
    assert device_identity(Sampler(), TWO_GPUS, tmp_path) == "cuda:[0, 1] CUDA_VISIBLE_DEVICES=2,3"
