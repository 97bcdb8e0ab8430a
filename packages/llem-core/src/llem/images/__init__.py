"""Container images of engines: build them, list them, and check one before a run uses it.

An engine plugin ships its image spec (:class:`llem.records.ImageSpec`: a Dockerfile as package
data, per variant such as ``cpu`` and ``cuda``). ``llem image build ENGINE --variant V`` prepares a
wheelhouse on the host (:mod:`llem.images.wheelhouse`), then builds with the docker SDK and no
network (:mod:`llem.images.build`), writing the labels of :mod:`llem.images.labels` on the image.
Nothing here imports ``docker`` until a function needs the Docker engine.

The API a ``docker`` runner uses (the version handshake, before any container starts)::

    target = image_target(registry, "transformers", "cpu")   # ImageTarget, or UsageError
    found = find_image("transformers", "cpu")                 # FoundImage, or ImageError
    problems = image_mismatches(found.labels, expected_labels(target))
    if problems:
        raise ImageError(mismatch_message(found.name, problems, "transformers", "cpu"))
    # or all of the above at once: found = check_image(target, image=None)

- ``image_target(registry, engine, variant) -> ImageTarget``: the engine's image variant and the
  installed versions it is built from (:class:`llem.errors.UsageError` when unknown).
- ``expected_labels(target) -> dict[str, str]``: the labels an up-to-date image carries, computed
  from this host (versions, config-schema fingerprint, source digest).
- ``image_mismatches(found, expected) -> list[str]``: one phrase per disagreeing label
  (``"built for llem-core 0.1.0, installed is 0.2.0"``); empty when the image is up to date.
- ``mismatch_message(image, mismatches, engine, variant) -> str``: the whole refusal, ending in
  the rebuild command.
- ``rebuild_command(engine, variant, tag=None) -> str``: ``llem image build ENGINE --variant V``.
- ``default_tag(engine, variant) -> str``: ``llem-ENGINE:VARIANT``.
- ``find_image(engine, variant, image=None) -> FoundImage``: the local image (default tag) and its
  labels; :class:`llem.errors.ImageError` naming ``llem image build ...`` when absent.
- ``check_image(target, image=None) -> FoundImage``: ``find_image`` plus the handshake.
- ``build_image(BuildRequest(target, base, tag, no_cache), on_line) -> BuiltImage``; the image
  the tag named before is removed (``BuiltImage.replaced``) unless ``keep_replaced=True``.
- ``list_images(registry) -> list[ImageRow]``: every local engine image and whether it matches.
"""

from __future__ import annotations

from llem.images.build import BuildRequest, BuiltImage, build_image
from llem.images.find import FoundImage, check_image, find_image
from llem.images.labels import expected_labels
from llem.images.listing import ImageRow, list_images
from llem.images.mismatch import image_mismatches, mismatch_message
from llem.images.target import ImageTarget, default_tag, image_target, rebuild_command

__all__ = [
    "BuildRequest",
    "BuiltImage",
    "FoundImage",
    "ImageRow",
    "ImageTarget",
    "build_image",
    "check_image",
    "default_tag",
    "expected_labels",
    "find_image",
    "image_mismatches",
    "image_target",
    "list_images",
    "mismatch_message",
    "rebuild_command",
]
