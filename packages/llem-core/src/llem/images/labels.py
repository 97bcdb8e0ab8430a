"""The OCI labels of an engine image, and the labels expected from what is installed here.

``llem image build`` writes :func:`expected_labels` (plus the base image's name) on the image; the
docker runner compares an image's labels with them (:func:`llem.images.mismatch.image_mismatches`)
before it starts anything.
"""

from __future__ import annotations

from llem.images.schema_fingerprint import schema_fingerprint
from llem.images.source_digest import source_digest
from llem.images.target import ImageTarget, default_tag

TITLE = "org.opencontainers.image.title"
VERSION = "org.opencontainers.image.version"
BASE_NAME = "org.opencontainers.image.base.name"
"""The base image the image was built from (informational, not compared)."""
ENGINE = "org.llem.engine"
VARIANT = "org.llem.variant"
LIBRARY = "org.llem.library"
LIBRARY_VERSION = "org.llem.library.version"
CORE_VERSION = "org.llem.core.version"
PLUGIN_DISTRIBUTION = "org.llem.plugin.distribution"
PLUGIN_VERSION = "org.llem.plugin.version"
CONFIG_SCHEMA = "org.llem.config-schema"
SOURCE = "org.llem.source"
GPUS = "org.llem.gpus"

CORE_PACKAGE = "llem"
UNPINNED = "unpinned"


def expected_labels(target: ImageTarget) -> dict[str, str]:
    """The labels an up-to-date image of ``target`` carries, computed from this host."""
    spec = target.engine
    return {
        TITLE: default_tag(spec.name, target.variant),
        VERSION: target.plugin_version,
        ENGINE: spec.name,
        VARIANT: target.variant,
        LIBRARY: spec.library or "",
        LIBRARY_VERSION: spec.library_version or UNPINNED,
        CORE_VERSION: target.core_version,
        PLUGIN_DISTRIBUTION: target.distribution,
        PLUGIN_VERSION: target.plugin_version,
        CONFIG_SCHEMA: config_schema(target),
        SOURCE: source_digest((CORE_PACKAGE, plugin_package(target))),
        GPUS: "true" if target.image.gpus else "false",
    }


def config_schema(target: ImageTarget) -> str:
    """The fingerprint of ``ExperimentConfig`` (and what it nests) plus the engine's section."""
    from llem.config.models import ExperimentConfig

    return schema_fingerprint((ExperimentConfig, target.engine.config_type))


def plugin_package(target: ImageTarget) -> str:
    """The engine plugin's top-level package: the one its runner lives in."""
    return target.engine.runner.partition(":")[0].partition(".")[0]
