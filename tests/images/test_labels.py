"""The labels an up-to-date transformers image carries, computed from what is installed here."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from llem.images import ImageTarget, expected_labels
from llem.images import labels as label
from llem.images.source_digest import source_digest

LABELS = (
    "org.opencontainers.image.title", "org.opencontainers.image.version", "org.llem.engine",
    "org.llem.variant", "org.llem.library", "org.llem.library.version", "org.llem.core.version",
    "org.llem.plugin.distribution", "org.llem.plugin.version", "org.llem.config-schema",
    "org.llem.source", "org.llem.gpus",
)  # fmt: skip


def test_expected_labels_of_the_cpu_image(cpu_target: ImageTarget) -> None:
    labels = expected_labels(cpu_target)
    assert tuple(labels) == LABELS
    assert labels[label.TITLE] == "llem-transformers:cpu"
    assert (labels[label.ENGINE], labels[label.VARIANT]) == ("transformers", "cpu")
    assert (labels[label.LIBRARY], labels[label.LIBRARY_VERSION]) == ("transformers", "5.23.0")
    assert labels[label.CORE_VERSION] == importlib.metadata.version("llem-core")
    assert labels[label.PLUGIN_DISTRIBUTION] == "llem-engine-transformers"
    assert labels[label.PLUGIN_VERSION] == importlib.metadata.version("llem-engine-transformers")
    assert labels[label.GPUS] == "false"
    assert labels[label.CONFIG_SCHEMA].startswith("sha256:")
    assert labels[label.SOURCE].startswith("sha256:")


def test_the_cuda_image_asks_for_gpus(cuda_target: ImageTarget) -> None:
    assert expected_labels(cuda_target)[label.GPUS] == "true"


def test_expected_labels_are_stable(cpu_target: ImageTarget) -> None:
    assert expected_labels(cpu_target) == expected_labels(cpu_target)


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An importable package ``llem_digest_probe`` with two files."""
    root = tmp_path / "site" / "llem_digest_probe"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("VALUE = 1\n")
    (root / "sub" / "data.yaml").write_text("a: 1\n")
    monkeypatch.syspath_prepend(str(root.parent))
    return root


def test_source_digest_changes_with_any_source_file(package: Path) -> None:
    before = source_digest(["llem_digest_probe"])
    (package / "sub" / "data.yaml").write_text("a: 2\n")
    assert source_digest(["llem_digest_probe"]) != before


def test_source_digest_changes_when_a_file_is_renamed(package: Path) -> None:
    before = source_digest(["llem_digest_probe"])
    (package / "sub" / "data.yaml").rename(package / "sub" / "other.yaml")
    assert source_digest(["llem_digest_probe"]) != before


def test_source_digest_ignores_bytecode(package: Path) -> None:
    before = source_digest(["llem_digest_probe"])
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0" * 8)
    (package / "sub" / "stray.pyc").write_bytes(b"\0")
    assert source_digest(["llem_digest_probe"]) == before


def test_source_digest_names_a_missing_package() -> None:
    with pytest.raises(ValueError, match="no_such_package_anywhere"):
        source_digest(["no_such_package_anywhere"])
