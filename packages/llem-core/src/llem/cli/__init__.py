"""The ``llem`` command line: one module per command group."""
