"""Where an engine without a GGUF loader loads a model from, and which load errors are the user's
(llem.engine_support.loading)."""

from __future__ import annotations

import pytest

from llem.engine_api import ResolvedModel
from llem.engine_support.loading import explained_load_errors, loadable_location
from llem.errors import UsageError


def test_a_model_without_a_gguf_file_loads_from_its_own_location() -> None:
    assert loadable_location(ResolvedModel("local", "/models/tiny")) == "/models/tiny"


@pytest.mark.parametrize("error", [OSError("no such file"), ValueError("max_model_len too big")])
def test_unreadable_weights_and_refused_settings_are_usage_errors(error: Exception) -> None:
    expected = rf"^vLLM could not load model 'org/m': {error}$"
    with pytest.raises(UsageError, match=expected), explained_load_errors("vLLM", "org/m"):
        raise error


def test_other_errors_pass_through() -> None:
    with pytest.raises(KeyError), explained_load_errors("TensorRT-LLM", "org/m"):
        raise KeyError("bug")
