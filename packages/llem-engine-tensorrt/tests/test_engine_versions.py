"""``engine_versions/tensorrt.yaml``, the extra, the plugin and the Dockerfile must pin the same
library version, index and image settings."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from packaging.requirements import Requirement
from ruamel.yaml import YAML

from llem.images.dockerfile import default_base, read_dockerfile
from llem.records import ImageSpec
from llem_tensorrt.plugin import ENGINE_SPEC, LIBRARY, LIBRARY_VERSION, NVIDIA_INDEX

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PIN_FILE = PACKAGE_DIR.parents[1] / "engine_versions" / "tensorrt.yaml"
SHA = re.compile(r"[0-9a-f]{40}")


def pins() -> Any:
    return YAML(typ="safe").load(PIN_FILE.read_text())


def runtime_extra() -> dict[str, str]:
    pyproject = tomllib.loads((PACKAGE_DIR / "pyproject.toml").read_text())
    requirements = map(Requirement, pyproject["project"]["optional-dependencies"]["runtime"])
    return {requirement.name: str(requirement.specifier) for requirement in requirements}


def cuda_image() -> ImageSpec:
    image = ENGINE_SPEC.image("cuda")
    assert image is not None
    return image


def dockerfile_args(text: str) -> dict[str, list[str]]:
    """Every ``ARG NAME=default`` of the Dockerfile (a name may be declared once per stage)."""
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r"^ARG (\w+)=(\S+)$", text, re.M):
        found.setdefault(name, []).append(value)
    return found


def test_pin_file_names_this_engine_and_its_library() -> None:
    library = pins()["library"]
    assert (pins()["engine"], library["name"], library["version"]) == (
        "tensorrt",
        LIBRARY,
        LIBRARY_VERSION,
    )
    assert (library["index"], ENGINE_SPEC.library_version) == (NVIDIA_INDEX, LIBRARY_VERSION)


def test_the_sources_read_are_recorded() -> None:
    source = pins()["source"]
    assert source["tag"] == f"v{LIBRARY_VERSION}"
    read = source["read"]
    assert SHA.fullmatch(read["tensorrt_llm/sampling_params.py"]["commit"])
    assert SHA.fullmatch(read["tensorrt_llm/llmapi/llm_args.py"]["cross_checked_commit"])


def test_the_runtime_extra_is_the_pinned_one() -> None:
    assert runtime_extra() == pins()["extras"]["runtime"] == {LIBRARY: f"=={LIBRARY_VERSION}"}


def test_image_spec_matches_the_pin_file() -> None:
    image, pinned = cuda_image(), pins()["images"]["cuda"]
    assert [spec.variant for spec in ENGINE_SPEC.images] == list(pins()["images"])
    assert (image.extra, list(image.requirements), list(image.pip_args)) == (
        pinned["extra"],
        pinned["requirements"],
        pinned["pip_args"],
    )
    assert (image.python, image.gpus) == (pinned["python"], pinned["gpus"])
    assert NVIDIA_INDEX in image.pip_args


def test_dockerfile_parses_and_pins_what_the_pin_file_says() -> None:
    text = read_dockerfile(cuda_image())
    assert default_base(text) == pins()["images"]["cuda"]["base"]
    args = dockerfile_args(text)
    assert set(args["TENSORRT_LLM_VERSION"]) == {LIBRARY_VERSION}
    assert set(args["TENSORRT_LLM_INDEX"]) == {pins()["library"]["index"]}
    assert [line.split()[0] for line in text.splitlines() if line[:1].isupper()][:2] == [
        "ARG",
        "FROM",
    ]


def test_dockerfile_labels_name_the_pinned_library() -> None:
    text = read_dockerfile(cuda_image())
    labels = dict(re.findall(r'(org\.llem\.[\w.]+)="([^"]+)"', text))
    assert labels == {
        "org.llem.library": LIBRARY,
        "org.llem.library.version": "${TENSORRT_LLM_VERSION}",
        "org.llem.library.index": "${TENSORRT_LLM_INDEX}",
    }
    assert "v('tensorrt-llm') == '${TENSORRT_LLM_VERSION}'" in text


def test_dockerfile_builds_offline_with_the_legacy_builder() -> None:
    text = read_dockerfile(cuda_image())
    assert not re.search(r"^#\s*syntax\s*=", text, re.M), "BuildKit would pull its frontend"
    assert "--mount" not in text, "the docker SDK's legacy builder has no RUN --mount"
    assert "--no-index" in text, "install from the wheelhouse only"
    assert "ENV PATH=/opt/llem/bin:/usr/local/sbin:/usr/local/bin:" in text
