"""``llem image``: mistakes are refused before any Docker engine is asked."""

from __future__ import annotations

import pytest

from llem.cli.main import run_cli


def test_an_unknown_engine_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["image", "build", "no-such-engine"]) == 2
    assert "unknown engine 'no-such-engine'; engines: " in capsys.readouterr().err


def test_an_unknown_variant_lists_the_variants(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["image", "build", "transformers", "--variant", "rocm"]) == 2
    assert "has no image variant 'rocm'; variants: cpu, cuda" in capsys.readouterr().err


def test_help_teaches_building_without_a_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["image", "build", "--help"]) == 0
    out = capsys.readouterr().out
    assert "llem image build transformers --base llem-base:bookworm" in out
    assert "LLEM_IMAGE_BASE" in out
