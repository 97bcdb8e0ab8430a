"""How an image's labels differ from the expected ones, in words that name the fix."""

from __future__ import annotations

from llem.images import image_mismatches, mismatch_message, rebuild_command
from llem.images import labels as label

EXPECTED = {
    label.ENGINE: "transformers",
    label.VARIANT: "cpu",
    label.LIBRARY: "transformers",
    label.LIBRARY_VERSION: "5.23.0",
    label.CORE_VERSION: "0.2.0",
    label.PLUGIN_DISTRIBUTION: "llem-engine-transformers",
    label.PLUGIN_VERSION: "0.2.0",
    label.SOURCE: "sha256:bbbb",
    label.GPUS: "false",
}


def test_an_up_to_date_image_has_no_mismatches() -> None:
    assert image_mismatches(EXPECTED, EXPECTED) == []


def test_labels_the_image_has_beyond_the_expected_ones_are_ignored() -> None:
    found = {**EXPECTED, label.BASE_NAME: "llem-base:bookworm", "com.example.other": "x"}
    assert image_mismatches(found, EXPECTED) == []


def test_an_older_core_is_named_with_both_versions() -> None:
    found = {**EXPECTED, label.CORE_VERSION: "0.1.0"}
    assert image_mismatches(found, EXPECTED) == ["built for llem-core 0.1.0, installed is 0.2.0"]


def test_the_plugin_and_the_library_are_named() -> None:
    found = {**EXPECTED, label.PLUGIN_VERSION: "0.1.0", label.LIBRARY_VERSION: "5.22.0"}
    assert image_mismatches(found, EXPECTED) == [
        "built with transformers 5.22.0, the engine pins 5.23.0",
        "built for llem-engine-transformers 0.1.0, installed is 0.2.0",
    ]


def test_changed_source_code_is_a_mismatch() -> None:
    found = {**EXPECTED, label.SOURCE: "sha256:aaaa"}
    (phrase,) = image_mismatches(found, EXPECTED)
    assert "source code" in phrase and "sha256:aaaa" in phrase and "sha256:bbbb" in phrase


def test_a_missing_label_is_named() -> None:
    found = {k: v for k, v in EXPECTED.items() if k != label.SOURCE}
    assert image_mismatches(found, EXPECTED) == [
        "built without the label org.llem.source (expected sha256:bbbb)"
    ]


def test_one_mismatch_is_one_line_ending_in_the_rebuild_command() -> None:
    message = mismatch_message(
        "llem-transformers:cpu",
        ["built for llem-core 0.1.0, installed is 0.2.0"],
        "transformers",
        "cpu",
    )
    assert message == (
        "image llem-transformers:cpu was built for llem-core 0.1.0, installed is 0.2.0;"
        " rebuild it with: llem image build transformers --variant cpu"
    )


def test_several_mismatches_are_listed() -> None:
    message = mismatch_message("llem-transformers:cpu", ["a", "b"], "transformers", "cpu")
    assert message.splitlines() == [
        "image llem-transformers:cpu does not match the installed llem and plugins:",
        "  - a",
        "  - b",
        "rebuild it with: llem image build transformers --variant cpu",
    ]


def test_a_custom_tag_is_part_of_the_rebuild_command() -> None:
    assert rebuild_command("transformers", "cuda", "llem-transformers:cuda") == (
        "llem image build transformers --variant cuda"
    )
    assert rebuild_command("transformers", "cuda", "mine:1") == (
        "llem image build transformers --variant cuda --tag mine:1"
    )
