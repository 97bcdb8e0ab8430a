"""Build an engine image: wheelhouse on the host, then ``docker build`` with no network.

The docker SDK always uses the legacy builder, so the Dockerfiles use no BuildKit features; the
build runs with ``network_mode="none"`` and installs only from the wheelhouse in the context.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

from llem.errors import ImageBuildError
from llem.images.build_output import BuildFollower
from llem.images.context import write_context
from llem.images.daemon import docker_client, engine_arch, image_or_none
from llem.images.dockerfile import choose_base, read_dockerfile
from llem.images.labels import BASE_NAME, expected_labels
from llem.images.pip_command import machine_arch
from llem.images.pip_run import OnLine
from llem.images.replaced import ReplacedImage, remove_replaced, tagged_id
from llem.images.target import ImageTarget
from llem.images.wheelhouse import Wheelhouse, prepare_wheelhouse

NO_REGISTRY_HINT = (
    "the base image {base} is not on this machine and could not be pulled. Without a registry,"
    " build a local base (docker/base/build-base.sh in a llem checkout makes llem-base:bookworm)"
    " and pass --base llem-base:bookworm (or set LLEM_IMAGE_BASE)"
)


@attrs.frozen
class BuildRequest:
    """``tag`` defaults to ``llem-<engine>:<variant>``; ``base`` to ``$LLEM_IMAGE_BASE``, else
    the Dockerfile's default. The image the tag named before is removed after a successful build
    unless ``keep_replaced``."""

    target: ImageTarget
    base: str | None = None
    tag: str | None = None
    no_cache: bool = False
    keep_replaced: bool = False


@attrs.frozen
class BuiltImage:
    name: str
    id: str
    size: int
    base: str
    seconds: float
    wheelhouse: Wheelhouse
    replaced: ReplacedImage | None = None


def build_image(request: BuildRequest, on_line: OnLine) -> BuiltImage:
    """Prepare the wheelhouse and build the image; each line of progress goes to ``on_line``."""
    started = time.monotonic()
    client = docker_client()
    dockerfile = read_dockerfile(request.target.image)
    base = choose_base(dockerfile, request.base)
    wheelhouse = prepare_wheelhouse(request.target, machine_arch(engine_arch(client)), on_line)
    name = request.tag or request.target.default_tag
    labels = {**expected_labels(request.target), BASE_NAME: base}
    previous_id = tagged_id(client, name)
    with write_context(dockerfile, wheelhouse) as context:
        image_id = _build(client, request, context, name, base, labels, on_line)
    size = int(client.images.get(image_id).attrs["Size"])
    replaced = None if request.keep_replaced else remove_replaced(client, previous_id, image_id)
    seconds = time.monotonic() - started
    return BuiltImage(name, image_id, size, base, seconds, wheelhouse, replaced)


def _build(
    client: Any,
    request: BuildRequest,
    context: Any,
    name: str,
    base: str,
    labels: dict[str, str],
    on_line: OnLine,
) -> str:
    chunks = client.api.build(
        fileobj=context,
        custom_context=True,
        tag=name,
        nocache=request.no_cache,
        rm=True,
        forcerm=True,
        buildargs={"BASE": base},
        labels=labels,
        network_mode="none",
        decode=True,
    )
    try:
        return BuildFollower(on_line).follow(chunks)
    except ImageBuildError as error:
        if image_or_none(client, base) is None:
            raise ImageBuildError(f"{error}\n{NO_REGISTRY_HINT.format(base=base)}") from error
        raise
