from tensorrt_llm.llmapi.llm import LLM

__all__ = ["LLM"]
