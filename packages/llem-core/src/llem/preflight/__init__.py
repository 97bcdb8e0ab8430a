"""Pre-flight: everything ``llem run`` checks before it loads a model, in one place.

``llem config validate``, ``llem run --dry-run``, study planning and ``llem run`` itself call
:func:`llem.preflight.check.check_experiment`, so what validate calls valid is what run accepts.
"""
