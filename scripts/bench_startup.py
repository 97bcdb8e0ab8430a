"""Benchmark `llem --help`: its time over the bare interpreter's start-up, and which heavy modules
it imports (none allowed). Usage: python scripts/bench_startup.py [OUTPUT.json]"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = (
    "torch",
    "transformers",
    "vllm",
    "tensorrt_llm",
    "docker",
    "polars",
    "numpy",
    "pynvml",
    "structlog",
)
RUNS = 15


def _time(command: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _imported_heavy() -> list[str]:
    probe = (
        "import sys; from llem.cli.main import run_cli; run_cli(['--help']);"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


def main() -> int:
    bare = _time([sys.executable, "-c", "pass"])
    llem_help = _time([sys.executable, "-m", "llem", "--help"])
    report = {
        "python_startup_s": round(bare, 4),
        "llem_help_s": round(llem_help, 4),
        "llem_help_over_python_s": round(llem_help - bare, 4),
        "heavy_modules_imported": _imported_heavy(),
        "runs": RUNS,
    }
    print(json.dumps(report, indent=2))
    if len(sys.argv) > 1:
        Path(sys.argv[1]).parent.mkdir(parents=True, exist_ok=True)
        Path(sys.argv[1]).write_text(json.dumps(report, indent=2) + "\n")
    return 1 if report["heavy_modules_imported"] or report["llem_help_over_python_s"] > 0.5 else 0


if __name__ == "__main__":
    sys.exit(main())
