"""Experiment configuration: attrs models, YAML loading with locations, the cattrs converter."""
