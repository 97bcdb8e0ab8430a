"""The ``docker`` runner: each experiment in a container of its engine's image (``llem image
build``), as the invoking user, with no network unless it downloads a model, read-only mounts
for the model and a writable one for its own result folder only."""
