"""GPU validation: llem's energy against an independent reader of the same window.

A developer tool (``nox -s gpu_validate``, or ``python -m llem.validation`` on a GPU machine);
see docs/validation.md.
"""
