"""Forms of model weights that engines derive from what the user named (run in the experiment
process, which has the engine's libraries)."""
