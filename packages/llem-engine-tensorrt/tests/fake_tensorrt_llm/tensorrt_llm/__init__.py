"""A fake of TensorRT-LLM 1.2.1's public LLM API, for llem_tensorrt's tests (see README.md)."""

from tensorrt_llm.llmapi.llm import LLM
from tensorrt_llm.sampling_params import SamplingParams

__version__ = "1.2.1"

__all__ = ["LLM", "SamplingParams", "__version__"]
