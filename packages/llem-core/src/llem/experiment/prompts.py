"""Which prompts are measured and which warm the engine up (chosen on the host, shipped in the
job).

Warmup prompts are the ones that follow the measured prompts in the dataset's order, so an engine
with a prefix cache cannot replay a warmup prompt inside the window. Only when the dataset is too
small are measured prompts reused for warmup, and the result says so.
"""

from __future__ import annotations

from pathlib import Path

from llem.config.models import ExperimentConfig
from llem.datasets.select import dataset_texts, load_prompts
from llem.experiment.job import JobPrompts
from llem.harness.warmup import warmup_prompt_budget
from llem.plugins.registry import Registry


def split_prompts(config: ExperimentConfig, registry: Registry, base_dir: Path) -> JobPrompts:
    """The measured prompts, the warmup prompts and notes for the result's warnings."""
    task, warmup_count = config.task, warmup_prompt_budget(config.measurement.warmup)
    available = len(dataset_texts(task.dataset, registry, base_dir))
    wanted = min(task.n_prompts + warmup_count, max(available, task.n_prompts))
    prompts = load_prompts(task.dataset, registry, wanted, task.order, task.random_seed, base_dir)
    measured, warmup = prompts[: task.n_prompts], prompts[task.n_prompts :]
    if len(warmup) >= warmup_count:
        return JobPrompts(tuple(measured), tuple(warmup))
    reused = measured[: warmup_count - len(warmup)]
    note = (
        f"dataset has {available} prompts: up to {len(reused)} warmup prompt(s) are reused from"
        " the measured set (an engine with a prefix cache may run them faster)"
    )
    return JobPrompts(tuple(measured), (*warmup, *reused), (note,))
