"""What the README shows a newcomer is what llem prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.cli.conftest import RunLlem

ROOT = Path(__file__).parents[2]


def readme_error_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```\n(error: invalid configuration:\n.*?)```", readme, re.DOTALL)
    assert found, "README.md lost its error example"
    return found.group(1)


def test_the_readme_error_example_is_what_validate_prints(
    run_llem: RunLlem, tmp_path: Path
) -> None:
    (tmp_path / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "broken.yaml", tmp_path / "examples" / "broken.yaml")
    done = run_llem("config", "validate", "examples/broken.yaml")
    assert done.returncode == 2
    assert done.stderr == readme_error_example()
