"""``task.model: package:NAME/path`` finds a folder in an installed package without importing
(running) any code, and every malformed reference is a clear error (exit 2), not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from llem.errors import UsageError
from llem.model_ref import is_hub_id, resolve_model


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on sys.path holding package ``trap`` (whose import would fail loudly) with a
    sub-package ``trap.weights`` holding a model folder."""
    root = tmp_path / "site"
    (root / "trap" / "weights" / "tiny").mkdir(parents=True)
    (root / "trap" / "__init__.py").write_text("raise SystemExit('trap was imported')\n")
    (root / "trap" / "weights" / "__init__.py").write_text("")
    (root / "trap" / "weights" / "tiny" / "config.json").write_text("{}")
    monkeypatch.syspath_prepend(str(root))
    return root


def test_a_sub_package_is_found_without_importing_its_parent(site: Path) -> None:
    resolved = resolve_model("package:trap.weights/tiny", None, Path("."))
    assert (resolved.source, resolved.location) == ("package", str(site / "trap/weights/tiny"))
    assert "trap" not in sys.modules


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("package:.x", "'.x' is not a Python package name"),
        ("package:a..b/x", "'a..b' is not a Python package name"),
        ("package:nope.sub/x", "no installed Python package 'nope.sub'"),
        ("package:trap.missing/x", "no installed Python package 'trap.missing'"),
        ("package:trap/absent", "does not exist"),
    ],
)
def test_malformed_references_are_usage_errors(site: Path, reference: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace(".", r"\.")):
        resolve_model(reference, None, Path("."))
    assert "trap" not in sys.modules


def test_python_m_llem_does_not_run_a_module_beside_the_config(tmp_path: Path) -> None:
    """`python -m llem` puts the working folder first on sys.path: `package:evil.x/...` must
    not import an `evil.py` lying there."""
    (tmp_path / "evil.py").write_text("open('ran', 'w').write('yes')\n")
    (tmp_path / "exp.yaml").write_text("task: {model: 'package:evil.x/m'}\n")
    command = [sys.executable, "-m", "llem", "run", "exp.yaml"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert not (tmp_path / "ran").exists()
    assert done.returncode == 2, done.stderr
    assert "no installed Python package 'evil.x'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("model", "valid"),
    [
        ("gpt2", True),
        ("HuggingFaceTB/SmolLM2-135M-Instruct", True),
        ("meta-llama/Llama-3.1-8B", True),
        ("not a model", False),
        ("org/name/extra", False),
        ("-org/name", False),
        ("org/name.", False),
        ("org--x/name", False),
        ("org/a..b", False),
        ("org/" + "x" * 97, False),
    ],
)
def test_hub_ids_are_checked_by_their_spelling_only(model: str, valid: bool) -> None:
    assert is_hub_id(model) is valid


def test_a_name_that_is_neither_a_path_nor_a_hub_id_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no Hugging Face id"):
        resolve_model("my model", None, tmp_path)
