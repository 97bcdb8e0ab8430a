"""Benchmark planning a 10,000-configuration study file (4 axes of 10 values).

Usage: python scripts/bench_plan.py [OUTPUT.json]

Writes the study to a temporary folder and times ``plan_study`` end to end: reading the YAML,
expanding the sweep, resolving every configuration from its layers, validating it against the
transformers engine's corpus and schema, and collapsing duplicates. Target: under 2 s; exits 1 on
a miss.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from llem.plugins.host import build_host
from llem.study.planner import plan_study

TARGET_S = 2.0
STUDY = """
task: {model: HuggingFaceTB/SmolLM2-135M-Instruct, n_prompts: 50}
engine: transformers
transformers: {dtype: float32, sampling: {do_sample: true}}
sweep:
  transformers.batch_size: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
  transformers.sampling.temperature: [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.2, 1.5, 2.0]
  transformers.sampling.top_p: [0.0, 0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0, 1.5, null]
  transformers.generation.num_beams: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
"""


def main(argv: list[str]) -> int:
    registry = build_host().registry
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-study.yaml"
        path.write_text(STUDY)
        plan_study(path, registry)  # warm: corpus and schema loaded, imports done
        started = time.perf_counter()
        plan = plan_study(path, registry)
        seconds = time.perf_counter() - started
    numbers = {
        "expanded": len(plan.configs) + len(plan.skipped) + len(plan.duplicates),
        "valid": len(plan.configs),
        "skipped": len(plan.skipped),
        "duplicates": len(plan.duplicates),
        "plan_study_s": round(seconds, 3),
        "target_s": TARGET_S,
    }
    print(json.dumps(numbers, indent=2))
    if len(argv) > 1:
        Path(argv[1]).parent.mkdir(parents=True, exist_ok=True)
        Path(argv[1]).write_text(json.dumps(numbers, indent=2) + "\n")
    return 1 if seconds > TARGET_S else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
