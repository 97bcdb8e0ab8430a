"""Reading parameter docs out of docstrings, including transformers' irregular entries."""

from __future__ import annotations

import pytest

from llem_miners.docstrings import DocEntry, doc_entries, doc_type, summary

HF_DOC = """
    A config.

    Args:
        > Parameters that control the length

        max_length (`int`, *optional*, defaults to 20):
            The maximum length. Second
            line.
        use_mtp: (`bool`):
            Whether to use MTP.
        assistant_early_exit(`int`, *optional*):
            Early exit.

        > Another group
        cache_implementation (`str`, *optional*):
            Name of the cache class. Possible values are:

            - `"static"`: [`StaticCache`]
        sequence_bias (`dict[tuple[int], float]`, *optional*)):
            Biases.

    Example:
        not_an_entry (`int`):
            Not in Args.
"""

GOOGLE_DOC = """Settings of an engine.

    More words.

    Attributes:
        batch_size: Requests generated
            together.
        device:
            Where it runs.
    """


def test_hugging_face_entries_and_their_irregular_headers() -> None:
    entries = doc_entries(HF_DOC, "Args")
    assert list(entries) == [
        "max_length",
        "use_mtp",
        "assistant_early_exit",
        "cache_implementation",
        "sequence_bias",
    ]
    assert entries["max_length"] == DocEntry("int", "The maximum length. Second line.")
    assert entries["use_mtp"] == DocEntry("bool", "Whether to use MTP.")
    assert entries["assistant_early_exit"].type == "int"
    assert entries["sequence_bias"].type == "dict[tuple[int], float]"


def test_a_description_keeps_its_blank_lines_and_lists_as_one_paragraph() -> None:
    description = doc_entries(HF_DOC, "Args")["cache_implementation"].description
    assert (
        description == 'Name of the cache class. Possible values are: - `"static"`: [`StaticCache`]'
    )


def test_google_attributes() -> None:
    entries = doc_entries(GOOGLE_DOC, "Attributes")
    assert entries == {
        "batch_size": DocEntry(None, "Requests generated together."),
        "device": DocEntry(None, "Where it runs."),
    }


def test_a_missing_heading_gives_nothing() -> None:
    assert doc_entries(GOOGLE_DOC, "Args") == {}
    assert doc_entries(None, "Args") == {}


def test_summary_is_the_text_before_the_first_heading() -> None:
    assert summary(GOOGLE_DOC) == "Settings of an engine. More words."
    assert summary(HF_DOC) == "A config."


@pytest.mark.parametrize(
    ("spec", "type_"),
    [
        ("`int`, *optional*, defaults to 1", "int"),
        ("`bool` or `str`, *optional*", "bool | str"),
        ("`int` or list[int]`, *optional*", "int | list[int]"),
        ("`Union[int, list[int]]`, *optional*", "int | list[int]"),
        ("`tuple(int, float)`, *optional*", "tuple[int, float]"),
        ("CompileConfig, *optional*", "CompileConfig"),
        ("`torch.dtype` or str, *optional*, defaults to `torch.float32`", "torch.dtype | str"),
        ("`dict`, *optional*, default to `None`", "dict"),
        ('`str`,  *optional*, defaults to `"fp4"`', "str"),
        ("*optional*", None),
    ],
)
def test_doc_type(spec: str, type_: str | None) -> None:
    assert doc_type(spec) == type_
