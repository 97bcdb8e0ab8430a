"""The config-schema fingerprint: field names, types and defaults of nested attrs classes."""

from __future__ import annotations

import attrs

from llem.config.models import ExperimentConfig
from llem.images.schema_fingerprint import describe_schema, schema_fingerprint


@attrs.frozen
class Inner:
    size: int = 1


@attrs.frozen
class Outer:
    inner: Inner | None = None
    items: list[Inner] = attrs.Factory(list)
    name: str = "x"


def make(**fields: object) -> type:
    """An attrs class ``Section`` built from ``attrs.field`` definitions."""
    return attrs.make_class("Section", fields, frozen=True)


def test_nested_classes_are_described() -> None:
    described = describe_schema([Outer])
    assert set(described) == {f"{__name__}.Outer", f"{__name__}.Inner"}
    assert described[f"{__name__}.Inner"] == [["size", "builtins.int", "1"]]


def test_a_factory_default_is_named_not_repr_with_an_address() -> None:
    items = describe_schema([Outer])[f"{__name__}.Outer"][1]
    assert items == ["items", f"list[{__name__}.Inner]", "Factory(builtins.list)"]


def test_resolving_string_annotations_does_not_change_the_fingerprint() -> None:
    """cattrs replaces a class's string annotations by types when it first structures it: the
    host's fingerprint after a config was read must equal an image's computed before."""

    @attrs.frozen
    class Late:
        inner: Inner | None = None
        count: int = 0

    before = schema_fingerprint([Late])
    attrs.resolve_types(Late, globals(), locals())
    assert attrs.fields(Late).count.type is int
    assert schema_fingerprint([Late]) == before


def test_the_fingerprint_is_stable_and_short() -> None:
    fingerprint = schema_fingerprint([Outer])
    assert fingerprint == schema_fingerprint([Outer])
    assert fingerprint.startswith("sha256:") and len(fingerprint) == len("sha256:") + 16


def test_the_fingerprint_changes_with_names_types_and_defaults() -> None:
    base = schema_fingerprint([make(a=attrs.field(type=int, default=1))])
    renamed = schema_fingerprint([make(b=attrs.field(type=int, default=1))])
    retyped = schema_fingerprint([make(a=attrs.field(type=float, default=1))])
    redefaulted = schema_fingerprint([make(a=attrs.field(type=int, default=2))])
    assert len({base, renamed, retyped, redefaulted}) == 4


def test_the_experiment_config_and_its_sections_are_covered() -> None:
    described = describe_schema([ExperimentConfig])
    names = {name.rsplit(".", 1)[1] for name in described}
    assert {"ExperimentConfig", "TaskConfig", "MeasurementConfig", "BaselineConfig"} <= names


def test_the_engine_section_changes_the_fingerprint() -> None:
    assert schema_fingerprint([ExperimentConfig]) != schema_fingerprint([ExperimentConfig, Outer])
