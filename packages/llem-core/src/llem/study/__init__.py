"""Studies: a grid of configurations planned from one YAML, run isolated, repeated, summarised."""
