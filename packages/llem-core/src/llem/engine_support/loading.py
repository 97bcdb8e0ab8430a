"""Loading a model into an engine without a GGUF loader, and the load errors that are the user's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from llem.engine_api import ResolvedModel
from llem.errors import UsageError
from llem.weights.gguf_convert import converted_dir


def loadable_location(model: ResolvedModel) -> str:
    """Where the engine loads the model from: a GGUF file's safetensors conversion (made once per
    file in the model cache), else the model's own location."""
    if model.gguf_file is None:
        return model.location
    return str(converted_dir(model))


@contextmanager
def explained_load_errors(engine: str, model: str) -> Iterator[None]:
    """Weights that cannot be found or read (``OSError``), and settings the engine refuses as it
    builds its configuration (``ValueError``, pydantic's ``ValidationError`` included), are the
    user's to fix: say so, naming the engine and the model, without a traceback."""
    try:
        yield
    except (OSError, ValueError) as error:
        raise UsageError(f"{engine} could not load model {model!r}: {error}") from error
