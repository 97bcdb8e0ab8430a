"""Leave out of ``pip download`` an extra index (or find-links URL) whose host cannot be reached.

pip retries each unreachable index five times per package, with back-off: ~8 minutes for the
~65 packages of an engine image. An extra source that cannot even be resolved or connected to is
dropped instead, and said so. The main index (``--index-url``) is never dropped, and nothing is
probed when a proxy is configured (the host may be reachable only through it).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator, Mapping, Sequence
from urllib.parse import urlsplit

ADDITIVE = ("--extra-index-url", "--find-links", "-f")
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")
PROBE_TIMEOUT_S = 3.0

Probe = Callable[[str], str | None]
"""``probe(url)``: ``None`` when its host answers, else why not."""


def connect_probe(url: str) -> str | None:
    """Resolve and connect to the host of ``url`` (HTTP(S) only; others are not probed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((parts.hostname, port), timeout=PROBE_TIMEOUT_S).close()
    except OSError as error:
        return f"{parts.hostname} is unreachable ({error.strerror or error})"
    return None


def reachable_args(
    pip_args: Sequence[str],
    probe: Probe = connect_probe,
    environ: Mapping[str, str] = os.environ,
) -> tuple[list[str], list[str]]:
    """``pip_args`` without the unreachable extra sources, and one warning per source dropped."""
    if any(environ.get(name) for name in PROXY_VARIABLES):
        return list(pip_args), []
    kept: list[str] = []
    warnings: list[str] = []
    tokens = iter(pip_args)
    for token in tokens:
        option, value, written = _option(token, tokens)
        reason = probe(value) if option in ADDITIVE else None
        if reason is None:
            kept.extend(written)
        else:
            warnings.append(f"left out {option} {value}: {reason}")
    return kept, warnings


def _option(token: str, rest: Iterator[str]) -> tuple[str, str, list[str]]:
    """``(option, value, tokens)`` of ``--opt=value``, ``--opt value`` (value taken from
    ``rest``) or any other single token."""
    if token.startswith("--") and "=" in token:
        option, _, value = token.partition("=")
        return option, value, [token]
    if token in ADDITIVE:
        value = next(rest, "")
        return token, value, [token, value]
    return token, "", [token]
