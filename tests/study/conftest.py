"""A registry with the real transformers engine and the echo test engine (in-process), and a
helper that writes a study file and plans it."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llem.plugins.host import build_host
from llem.plugins.registry import Registry
from llem.study.plan_model import StudyPlan
from llem.study.planner import plan_study

ECHO_SOURCE = Path(__file__).parents[1] / "fixtures" / "llem-engine-echo" / "src"

WriteStudy = Callable[..., Path]
Plan = Callable[..., StudyPlan]


@pytest.fixture(scope="session")
def registry() -> Registry:
    sys.path.insert(0, str(ECHO_SOURCE))
    try:
        echo_plugin = importlib.import_module("llem_echo.plugin")
    finally:
        sys.path.remove(str(ECHO_SOURCE))
    return build_host(env={}, plugins=[("echo", echo_plugin)]).registry


@pytest.fixture
def write_study(tmp_path: Path) -> WriteStudy:
    """Write dedented YAML to ``tmp_path/name``; returns the path."""

    def write(text: str, name: str = "study.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        return path

    return write


@pytest.fixture
def plan(registry: Registry, write_study: WriteStudy) -> Plan:
    """Write the study text and plan it (keyword arguments go to ``plan_study``)."""

    def run(text: str, **options: Any) -> StudyPlan:
        return plan_study(write_study(text), registry, **options)

    return run


def labels(plan: StudyPlan) -> list[str]:
    return [config.label for config in plan.configs]
