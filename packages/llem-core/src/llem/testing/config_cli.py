"""An engine's config section checked the way a user's ``llem config validate`` checks it: in a
subprocess, plugins found through their entry points.

The hub is not switched off for it: these checks are about the engine's section, and with
``HF_HUB_OFFLINE`` (an engine's image sets it) validate rightly refuses an uncached hub id.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def validate(folder: Path, experiment: str) -> tuple[int, str]:
    """``llem config validate`` on ``experiment`` (YAML) written to ``folder/experiment.yaml``:
    its exit code and everything it printed."""
    path = folder / "experiment.yaml"
    path.write_text(experiment)
    command = [sys.executable, "-m", "llem", "config", "validate", str(path)]
    env = {key: value for key, value in os.environ.items() if key not in OFFLINE_VARIABLES}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=False, env=env
    )
    return done.returncode, done.stdout + done.stderr


def assert_validates(folder: Path, experiment: str) -> None:
    code, output = validate(folder, experiment)
    assert code == 0, output


def assert_refused_naming(folder: Path, experiment: str, named: str) -> None:
    """Validate exits 2, naming ``named`` and the file's line."""
    code, output = validate(folder, experiment)
    assert code == 2, output
    assert named in output and "experiment.yaml:" in output, output
