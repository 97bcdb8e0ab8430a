"""A rebuild removes the image its tag named before, unless a container or another tag still
holds it. Real images on a real Docker engine: one LABEL over the offline base, so each build
takes a second."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from llem.images.daemon import docker_client, image_or_none
from llem.images.replaced import remove_replaced, tagged_id

pytestmark = pytest.mark.docker

TAG = "llem-replaced-test:latest"
OTHER_TAG = "llem-replaced-test:kept"


@pytest.fixture
def client(base_image: str) -> Iterator[Any]:
    client = docker_client()
    yield client
    for container in client.containers.list(all=True, filters={"label": "llem.test=replaced"}):
        container.remove(force=True)
    for image in client.images.list(filters={"label": "llem.test=replaced"}):
        client.images.remove(image.id, force=True)


def build(client: Any, base: str) -> str:
    """A new image tagged TAG (a fresh label each time, so never a cached id); its id."""
    dockerfile = f"FROM {base}\nLABEL llem.test=replaced llem.test.build={uuid.uuid4()}\n"
    image, _ = client.images.build(fileobj=io.BytesIO(dockerfile.encode()), tag=TAG,
                                   rm=True, network_mode="none")  # fmt: skip
    return str(image.id)


def test_the_displaced_image_is_removed(client: Any, base_image: str) -> None:
    old = build(client, base_image)
    assert tagged_id(client, TAG) == old
    new = build(client, base_image)
    replaced = remove_replaced(client, old, new)
    assert replaced is not None and replaced.removed and replaced.id == old
    assert replaced.size > 0
    assert image_or_none(client, old) is None
    assert tagged_id(client, TAG) == new


def test_an_image_a_container_uses_is_kept_with_the_reason(client: Any, base_image: str) -> None:
    old = build(client, base_image)
    client.containers.create(old, command="true", labels={"llem.test": "replaced"})
    new = build(client, base_image)
    replaced = remove_replaced(client, old, new)
    assert replaced is not None and not replaced.removed
    assert replaced.kept_because is not None and "container" in replaced.kept_because
    assert image_or_none(client, old) is not None


def test_an_image_with_another_tag_is_kept(client: Any, base_image: str) -> None:
    old = build(client, base_image)
    client.images.get(old).tag(OTHER_TAG)
    new = build(client, base_image)
    replaced = remove_replaced(client, old, new)
    assert replaced is not None and not replaced.removed
    assert replaced.kept_because == f"still tagged {OTHER_TAG}"


def test_nothing_is_replaced_by_a_cached_build_or_a_first_one(client: Any, base_image: str) -> None:
    image = build(client, base_image)
    assert remove_replaced(client, image, image) is None
    assert remove_replaced(client, None, image) is None
    assert image_or_none(client, image) is not None
