"""Study files for the echo test engine, written into a test's folder."""

from __future__ import annotations

from pathlib import Path

ECHO_STUDY = """\
name: echo-grid
task: {{model: toy/echo, n_prompts: {n_prompts}, max_output_tokens: 8}}
engine: echo
echo: {{step_ms: {step_ms}}}
measurement: {{warmup: {{prompts: 0}}, baseline: {{strategy: "off"}}, energy: {{sampler: none}}}}
sweep:
  echo.batch_size: [1, 2, 4]
{extra}
execution: {{{execution}}}
"""
EXECUTION = {"cycles": 2, "order": "interleave", "timeout_s": 60, "silence_s": 30}


def write_study(
    folder: Path,
    *,
    n_prompts: int = 6,
    step_ms: float = 1,
    extra: str = "",
    execution: dict[str, object] | None = None,
    name: str = "study.yaml",
) -> Path:
    path = folder / name
    path.write_text(
        ECHO_STUDY.format(
            n_prompts=n_prompts, step_ms=step_ms, extra=extra, execution=_flow(execution)
        )
    )
    return path


def _flow(execution: dict[str, object] | None) -> str:
    merged = {**EXECUTION, **(execution or {})}
    return ", ".join(f"{key}: {value}" for key, value in merged.items())
