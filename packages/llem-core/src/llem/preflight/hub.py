"""A Hugging Face id with the hub switched off, or out of reach: the model must already be in
the local cache.

Read from the cache's layout (``models--ORG--NAME/snapshots/...``), importing nothing.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from llem.engine_api import ResolvedModel
from llem.errors import UsageError

OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
TRUE = ("1", "on", "yes", "true")
HUB_PROBE_SECONDS = 5.0
"""How long a connection to the hub may take before it counts as unreachable."""


def offline_variable(env: Mapping[str, str]) -> str | None:
    """The variable that switches the hub off, if one does."""
    return next((n for n in OFFLINE_VARIABLES if env.get(n, "").lower() in TRUE), None)


def hub_cache_dir(env: Mapping[str, str]) -> Path:
    """Where the hub keeps models, as ``huggingface_hub`` finds it."""
    explicit = env.get("HF_HUB_CACHE") or env.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    cache = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "huggingface" / "hub"


def is_cached(model_id: str, env: Mapping[str, str]) -> bool:
    snapshots = hub_cache_dir(env) / f"models--{model_id.replace('/', '--')}" / "snapshots"
    return snapshots.is_dir() and any(snapshots.iterdir())


def offline_problem(model_id: str, env: Mapping[str, str]) -> str | None:
    """Why the engine could not load ``model_id`` here, or ``None`` when it could."""
    variable = offline_variable(env)
    if variable is None or is_cached(model_id, env):
        return None
    return (
        f"model {model_id!r} is not in the Hugging Face cache ({hub_cache_dir(env)}) and"
        f" {variable} is set, so nothing can download it: download it first"
        f" (hf download {model_id}) or unset {variable}"
    )


def _endpoint(env: Mapping[str, str]) -> tuple[str, int]:
    url = urlsplit(env.get("HF_ENDPOINT") or "https://huggingface.co")
    return url.hostname or "huggingface.co", url.port or (443 if url.scheme == "https" else 80)


def _behind_proxy(env: Mapping[str, str]) -> bool:
    return any(env.get(name) for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"))


def require_hub_reachable(
    model_id: str, env: Mapping[str, str], timeout_s: float = HUB_PROBE_SECONDS
) -> None:
    """For an engine about to load ``model_id`` from the hub: when it is not cached and the hub
    cannot be reached, say so in seconds (the libraries retry for about a minute)."""
    if offline_variable(env) or is_cached(model_id, env) or _behind_proxy(env):
        return
    host, port = _endpoint(env)
    try:
        socket.create_connection((host, port), timeout=timeout_s).close()
    except OSError as error:
        raise UsageError(
            f"model {model_id!r} is not in the Hugging Face cache ({hub_cache_dir(env)}) and"
            f" {host}:{port} cannot be reached ({error}): connect this machine, or download the"
            f" model where the hub can be reached (hf download {model_id}) and copy the cache here"
        ) from None


def require_weights_reachable(model: ResolvedModel) -> None:
    """What an engine calls before loading: a hub model it would have to download must be
    reachable (a local folder or file needs nothing)."""
    if model.source == "hub":
        require_hub_reachable(model.location, os.environ)
