"""The names of the files in an experiment's folder (docs/results.md), for every writer and
reader."""

from __future__ import annotations

CONFIG_FILE = "config.json"
RESULT_FILE = "result.json"
ENVIRONMENT_FILE = "environment.json"
ERROR_FILE = "error.json"
LOG_FILE = "experiment.log"
