# mypy: ignore-errors
# ruff: noqa
"""A package module: ``fakelib.nested`` is read from ``fakelib/nested/__init__.py``."""

LIMIT = 4


def check_batch(batch_size):
    if batch_size > LIMIT:
        raise ValueError(f"batch_size must be at most {LIMIT}")  # L:batch_size
