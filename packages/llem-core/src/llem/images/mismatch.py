"""How an image's labels differ from the expected ones, in words a user can act on."""

from __future__ import annotations

from collections.abc import Mapping

from llem.images import labels as label
from llem.images.target import rebuild_command

TEMPLATES = {
    label.ENGINE: "built for engine {found}, not {want}",
    label.VARIANT: "built as variant {found}, not {want}",
    label.GPUS: "built with gpus={found}, the variant asks for gpus={want}",
    label.CORE_VERSION: "built for llem-core {found}, installed is {want}",
    label.PLUGIN_DISTRIBUTION: "built from plugin distribution {found}, installed is {want}",
    label.PLUGIN_VERSION: "built for {plugin} {found}, installed is {want}",
    label.LIBRARY: "built with engine library {found}, the engine uses {want}",
    label.LIBRARY_VERSION: "built with {library} {found}, the engine pins {want}",
    label.CONFIG_SCHEMA: "built for another config schema ({found}; installed: {want})",
    label.SOURCE: "built from other llem or plugin source code ({found}; installed: {want})",
}
GENERIC = "built with label {key}={found}, expected {want}"
MISSING = "built without the label {key} (expected {want})"


def image_mismatches(found: Mapping[str, str], expected: Mapping[str, str]) -> list[str]:
    """One phrase per expected label the image lacks or disagrees with, e.g.
    ``"built for llem-core 0.1.0, installed is 0.2.0"``; empty when the image is up to date.
    Labels the image has beyond ``expected`` are ignored."""
    return [
        _phrase(key, found.get(key), want, expected)
        for key, want in expected.items()
        if found.get(key) != want
    ]


def _phrase(key: str, found: str | None, want: str, expected: Mapping[str, str]) -> str:
    template = MISSING if found is None else TEMPLATES.get(key, GENERIC)
    plugin = expected.get(label.PLUGIN_DISTRIBUTION, "the plugin")
    library = expected.get(label.LIBRARY, "the engine library")
    return template.format(key=key, found=found, want=want, plugin=plugin, library=library)


def mismatch_message(image: str, mismatches: list[str], engine: str, variant: str) -> str:
    """``image llem-transformers:cpu was built for llem-core 0.1.0, installed is 0.2.0;
    rebuild it with: llem image build transformers --variant cpu``."""
    fix = f"rebuild it with: {rebuild_command(engine, variant, image)}"
    if len(mismatches) == 1:
        return f"image {image} was {mismatches[0]}; {fix}"
    listed = "".join(f"\n  - {phrase}" for phrase in mismatches)
    return f"image {image} does not match the installed llem and plugins:{listed}\n{fix}"
