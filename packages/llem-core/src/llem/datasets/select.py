"""Turn ``task.dataset`` / ``n_prompts`` / ``order`` into the prompts an experiment runs."""

from __future__ import annotations

import difflib
import random
import stat
from pathlib import Path

from llem.datasets.jsonl import load_jsonl_prompts
from llem.engine_api import Prompt
from llem.errors import UsageError
from llem.plugins.registry import Registry
from llem.records import import_string

ORDERS = ("file", "shuffle")


def load_prompts(
    dataset: str, registry: Registry, n: int, order: str, seed: int, base_dir: Path | None = None
) -> list[Prompt]:
    """``n`` prompts of ``dataset`` (a registered name, else a JSONL path, relative paths from
    ``base_dir``). ``order="file"`` takes the first ``n``; ``"shuffle"`` shuffles the whole set with
    ``random.Random(seed)`` and takes the first ``n`` (so a smaller ``n`` is a prefix of a larger
    one). ``Prompt.index`` is the prompt's position in the dataset."""
    texts = dataset_texts(dataset, registry, base_dir)
    if n > len(texts):
        raise UsageError(f"dataset {dataset!r} has only {len(texts)} prompts, n_prompts={n}")
    return [Prompt(index, texts[index]) for index in _order_indices(len(texts), order, seed)[:n]]


def dataset_texts(dataset: str, registry: Registry, base_dir: Path | None) -> list[str]:
    if dataset in registry.datasets:
        texts: list[str] = import_string(registry.datasets[dataset].spec.loader)()
    else:
        texts = load_jsonl_prompts(_dataset_path(dataset, registry, base_dir))
    if not texts:
        raise UsageError(f"dataset {dataset!r} holds no prompts")
    return texts


def _dataset_path(dataset: str, registry: Registry, base_dir: Path | None) -> Path:
    path = Path(dataset).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if path.is_file():
        return path
    if path.exists():  # a directory, a device (/dev/zero) or a pipe would never be a prompt set
        raise UsageError(f"dataset {dataset!r}: {path} is {_kind(path)}, not a JSONL file")
    message = f"unknown dataset {dataset!r}: not a registered dataset and no file at {path}"
    close = difflib.get_close_matches(dataset, sorted(registry.datasets), n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    known = ", ".join(sorted(registry.datasets)) or "(none registered)"
    raise UsageError(f"{message} (registered datasets: {known})")


def _kind(path: Path) -> str:
    """``a directory``, ``a device``, ``a pipe``, ``a socket``."""
    mode = path.stat().st_mode
    kinds = {
        "a directory": stat.S_ISDIR,
        "a device": lambda m: stat.S_ISCHR(m) or stat.S_ISBLK(m),
        "a pipe": stat.S_ISFIFO,
        "a socket": stat.S_ISSOCK,
    }
    return next((kind for kind, test in kinds.items() if test(mode)), "a special file")


def _order_indices(size: int, order: str, seed: int) -> list[int]:
    indices = list(range(size))
    if order == "shuffle":
        random.Random(seed).shuffle(indices)
    elif order != "file":
        raise UsageError(f"unknown dataset order {order!r}; expected one of {', '.join(ORDERS)}")
    return indices
