"""A GGUF file as a safetensors model directory, converted once and cached by the file's hash.

Engines without a GGUF loader (vLLM 0.32) load the directory instead. transformers dequantises
the GGUF weights; a model loaded that way refuses ``save_pretrained``, so its state dict is copied
into a model built from the same config, which saves. Runs in the experiment process: torch,
transformers and gguf are imported only when a conversion is needed.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import structlog

from llem.engine_api import ResolvedModel
from llem.errors import RuntimeMissingError

MARKER = "llem-converted.json"
"""Written last into a finished conversion: a folder without it is incomplete."""
CHUNK = 8 << 20
GGUF_READERS = ("torch", "transformers", "gguf", "accelerate")
log = structlog.get_logger(__name__)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def converted_dir(model: ResolvedModel) -> Path:
    """The safetensors folder of ``model``'s GGUF file, converting it when not cached yet."""
    if model.gguf_file is None:
        raise ValueError(f"{model.location} is not a GGUF model")
    source = Path(model.location) / model.gguf_file
    digest = file_digest(source)
    root = Path(model.cache_dir) if model.cache_dir else Path(tempfile.mkdtemp(prefix="llem-"))
    target = root / f"{source.stem}-{digest[:16]}"
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root / f"{target.name}.lock"):
        if not (target / MARKER).is_file():
            _convert(source, digest, target)
    return target


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Concurrent runs on one machine convert a file once; the others wait for it."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _convert(source: Path, digest: str, target: Path) -> None:
    started = time.perf_counter()
    log.info("converting GGUF to safetensors (once per file)", file=str(source), to=str(target))
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _save_safetensors(source, staging)
        marker = {"source": source.name, "sha256": digest, "seconds": time.perf_counter() - started}
        (staging / MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _require_gguf_readers() -> None:
    missing = [name for name in GGUF_READERS if importlib.util.find_spec(name) is None]
    if missing:
        raise RuntimeMissingError(
            f"converting a GGUF file to safetensors needs {', '.join(missing)}: pip install"
            f" {' '.join(missing)} (the engine's runtime extra includes them)"
        )


def _save_safetensors(source: Path, destination: Path) -> None:
    _require_gguf_readers()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    location, name = str(source.parent), source.name
    tokenizer = AutoTokenizer.from_pretrained(location, gguf_file=name)
    loaded = AutoModelForCausalLM.from_pretrained(location, gguf_file=name, dtype=torch.float32)
    fresh = AutoModelForCausalLM.from_config(loaded.config, dtype=torch.float32)  # type: ignore[no-untyped-call]
    fresh.load_state_dict(loaded.state_dict())
    # The weights are saved dequantised: a loader must not look for the GGUF quantisation.
    vars(fresh.config).pop("quantization_config", None)
    fresh.generation_config = loaded.generation_config
    fresh.save_pretrained(destination)
    tokenizer.save_pretrained(destination)
