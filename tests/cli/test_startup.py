"""`llem --help` must not import engine libraries or other heavy modules, broken plugins or not."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import RunLlem

HEAVY = ("torch", "transformers", "vllm", "tensorrt_llm", "docker", "polars", "pynvml", "structlog")


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


def test_help_and_plugins_survive_a_broken_plugin(tmp_path: Path, run_llem: RunLlem) -> None:
    site = tmp_path / "site"
    info = site / "llem_broken-2.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: llem-broken\nVersion: 2.0\n")
    (info / "entry_points.txt").write_text("[llem]\nbroken = llem_broken_plugin\n")
    (site / "llem_broken_plugin.py").write_text("import no_such_module_anywhere\n")

    help_run = run_llem("--help", pythonpath=(site,))
    assert help_run.returncode == 0, help_run.stderr
    assert "Commands:" in help_run.stdout
    assert "plugin 'broken' (llem-broken) failed to load" in help_run.stderr

    listing = run_llem("plugins", pythonpath=(site,))
    assert listing.returncode == 0, listing.stderr
    assert "broken  [llem-broken 2.0]" in listing.stdout
    assert "ModuleNotFoundError: No module named 'no_such_module_anywhere'" in listing.stdout
    assert "transformers" in listing.stdout  # the other engines still load
