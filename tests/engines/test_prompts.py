"""Prompts as engines tokenise them (llem.engine_support.prompts), with a word-per-token fake."""

from __future__ import annotations

from typing import Any

from llem.config.models import TaskConfig
from llem.engine_support.prompts import prompt_token_ids, wants_chat_template


class WordTokenizer:
    """Token ids are word lengths; ``<s>`` (id 0) starts the text with special tokens on."""

    def __init__(self, chat_template: str | None) -> None:
        self.chat_template = chat_template

    def apply_chat_template(self, messages: list[dict[str, str]], **kwargs: Any) -> str:
        assert kwargs == {"tokenize": False, "add_generation_prompt": True}
        return f"user: {messages[0]['content']} assistant:"

    def __call__(self, text: str, add_special_tokens: bool) -> dict[str, list[int]]:
        ids = [len(word) for word in text.split()]
        return {"input_ids": [0, *ids] if add_special_tokens else ids}


def test_a_chat_template_is_applied_without_extra_special_tokens() -> None:
    task = TaskConfig(model="m", max_input_tokens=10)
    tokenizer = WordTokenizer(chat_template="{{ messages }}")
    assert wants_chat_template(tokenizer, task)
    assert prompt_token_ids(tokenizer, "hi there", task) == [5, 2, 5, 10]


def test_without_a_template_or_when_the_task_declines_the_text_is_tokenised_as_is() -> None:
    untemplated = WordTokenizer(chat_template=None)
    declined = TaskConfig(model="m", max_input_tokens=10, chat_template=False)
    assert prompt_token_ids(untemplated, "hi there", TaskConfig(model="m")) == [0, 2, 5]
    assert prompt_token_ids(WordTokenizer("{{ messages }}"), "hi there", declined) == [0, 2, 5]


def test_a_long_prompt_keeps_its_end() -> None:
    task = TaskConfig(model="m", max_input_tokens=2, chat_template=False)
    assert prompt_token_ids(WordTokenizer(None), "a bb ccc", task) == [2, 3]
