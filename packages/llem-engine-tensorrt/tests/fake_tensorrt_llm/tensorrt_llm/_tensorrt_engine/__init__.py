"""``tensorrt_llm._tensorrt_engine.LLM``: the TensorRT-engine backend's LLM class."""

from tensorrt_llm.llmapi.llm import BaseFakeLLM


class LLM(BaseFakeLLM):
    backend = "tensorrt"
