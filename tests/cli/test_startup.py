"""`llem --help` must not import engine libraries or other heavy modules, broken plugins or not."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from ..conftest import FakeDist
from .conftest import RunLlem

HEAVY = (
    "torch", "transformers", "vllm", "tensorrt_llm", "docker", "polars", "matplotlib", "pynvml",
    "structlog",
)  # fmt: skip


def test_help_imports_nothing_heavy() -> None:
    probe = textwrap.dedent(
        f"""
        import sys
        from llem.cli.main import run_cli
        code = run_cli(["--help"])
        print("HEAVY=" + ",".join(m for m in {HEAVY!r} if m in sys.modules), code)
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY= 0"


def test_help_and_plugins_survive_a_broken_plugin(fake_site: FakeDist, run_llem: RunLlem) -> None:
    source = "import no_such_module_anywhere\n"
    site = fake_site("llem-broken", "broken", "llem_broken_plugin", source, version="2.0")

    help_run = run_llem("--help", pythonpath=(site,))
    assert help_run.returncode == 0, help_run.stderr
    assert "Commands:" in help_run.stdout
    assert "plugin 'broken' (llem-broken) failed to load" in help_run.stderr

    listing = run_llem("plugins", pythonpath=(site,))
    assert listing.returncode == 0, listing.stderr
    assert "broken  [llem-broken 2.0]" in listing.stdout
    assert "ModuleNotFoundError: No module named 'no_such_module_anywhere'" in listing.stdout
    assert "transformers" in listing.stdout  # the other engines still load
