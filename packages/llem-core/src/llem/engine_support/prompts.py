"""Prompts as engines tokenise them: chat-templated when the task asks and the tokenizer has a
template, and cut to ``task.max_input_tokens`` keeping the end (the transformers engine tokenises
whole batches itself, with the same template and cut)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from llem.config.models import TaskConfig


def wants_chat_template(tokenizer: Any, task: TaskConfig) -> bool:
    """``task.chat_template``, where the tokenizer has a template to apply."""
    return task.chat_template and bool(getattr(tokenizer, "chat_template", None))


def chat_prompt(tokenizer: Any, text: str) -> str:
    """``text`` as the user's message in the tokenizer's chat template, ready for the answer."""
    messages = [{"role": "user", "content": text}]
    templated: str = tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=True
    )
    return templated


def prompt_token_ids(tokenizer: Any, text: str, task: TaskConfig) -> list[int]:
    """Token ids of one prompt (a chat template brings its own special tokens), keeping the end of
    prompts longer than ``task.max_input_tokens``."""
    chat_template = wants_chat_template(tokenizer, task)
    if chat_template:
        text = chat_prompt(tokenizer, text)
    encoded = tokenizer(text, add_special_tokens=not chat_template)
    return list(encoded["input_ids"][-task.max_input_tokens :])
