"""Schema diffs: each kind of change is classified safe or breaking; types compare as unions."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from llem.rules.schema import EngineSchema, Parameter, Section
from llem.rules.schema_diff import Change, SchemaDiff, diff_schemas, render_diff
from llem.rules.schema_types import normalise_type, split_top_level, type_members

PATH = "engine.generation"
BEAMS = Parameter("num_beams", "int", 1, "Number of beams.")


def schema(*params: Parameter, **section_fields: Any) -> EngineSchema:
    fields = {"description": "", "native_type": "lib.Config", "passthrough": True, **section_fields}
    section = Section(PATH, params={p.name: p for p in params}, **fields)
    return EngineSchema("engine", "lib", "1.0", {PATH: section})


def changes(old: EngineSchema, new: EngineSchema) -> list[tuple[str, str, bool]]:
    return [(c.path, c.detail, c.breaking) for c in diff_schemas(old, new).changes]


def test_identical_schemas_have_no_changes() -> None:
    diff = diff_schemas(schema(BEAMS), schema(BEAMS))
    assert diff == SchemaDiff(()) and not diff.breaking
    assert render_diff(diff) == "no changes"


def test_a_new_library_version_alone_is_no_change() -> None:
    assert changes(schema(BEAMS), attrs.evolve(schema(BEAMS), library_version="2.0")) == []


@pytest.mark.parametrize(
    ("new", "detail"),
    [
        (attrs.evolve(BEAMS, type="int | float"), "type widened: int -> int | float"),
        (attrs.evolve(BEAMS, type="int | None"), "type widened: int -> int | None"),
        (attrs.evolve(BEAMS, type="Optional[int]"), "type widened: int -> Optional[int]"),
        (attrs.evolve(BEAMS, type="Any"), "type widened: int -> Any"),
        (attrs.evolve(BEAMS, default=4), "default changed: 1 -> 4"),
        (attrs.evolve(BEAMS, description="Beams."), "description changed"),
    ],
)
def test_safe_parameter_changes(new: Parameter, detail: str) -> None:
    assert changes(schema(BEAMS), schema(new)) == [(f"{PATH}.num_beams", detail, False)]


@pytest.mark.parametrize(
    ("old_type", "new_type", "detail"),
    [
        ("int | None", "int", "type narrowed: int | None -> int"),
        ("Union[int, str]", "str", "type narrowed: Union[int, str] -> str"),
        ("int", "str", "type changed: int -> str"),
        ("int | None", "str | None", "type changed: int | None -> str | None"),
        ("list[int]", "list[str]", "type changed: list[int] -> list[str]"),
        ("Any", "int", "type changed: Any -> int"),
    ],
)
def test_breaking_type_changes(old_type: str, new_type: str, detail: str) -> None:
    old, new = attrs.evolve(BEAMS, type=old_type), attrs.evolve(BEAMS, type=new_type)
    assert changes(schema(old), schema(new)) == [(f"{PATH}.num_beams", detail, True)]


def test_a_respelling_of_the_same_type_is_no_change() -> None:
    old, new = (
        attrs.evolve(BEAMS, type="Optional[List[int]]"),
        attrs.evolve(BEAMS, type="None | list[int]"),
    )
    assert changes(schema(old), schema(new)) == []


def test_added_and_removed_parameters() -> None:
    extra = Parameter("max_time", "float | None", None)
    assert changes(schema(BEAMS), schema(BEAMS, extra)) == [
        (f"{PATH}.max_time", "added (float | None, default null)", False)
    ]
    assert changes(schema(BEAMS, extra), schema(BEAMS)) == [(f"{PATH}.max_time", "removed", True)]


def test_set_in_added_is_breaking_and_removed_is_safe() -> None:
    owned = attrs.evolve(BEAMS, set_in="engine.num_beams")
    [(_, added, added_breaking)] = changes(schema(BEAMS), schema(owned))
    [(_, removed, removed_breaking)] = changes(schema(owned), schema(BEAMS))
    assert (added, added_breaking) == ("now set by llem via engine.num_beams", True)
    assert removed.startswith("no longer set by llem") and not removed_breaking


def test_set_in_moved_elsewhere_is_safe() -> None:
    old, new = attrs.evolve(BEAMS, set_in="engine.a"), attrs.evolve(BEAMS, set_in="engine.b")
    [(_, detail, breaking)] = changes(schema(old), schema(new))
    assert detail == "now set by llem via engine.b (was set by llem via engine.a)"
    assert not breaking


def test_one_parameter_can_change_several_ways() -> None:
    new = attrs.evolve(BEAMS, type="str", default="1")
    details = [detail for _, detail, _ in changes(schema(BEAMS), schema(new))]
    assert details == ["type changed: int -> str", 'default changed: 1 -> "1"']


def test_pass_through_turned_off_is_breaking_and_on_is_safe() -> None:
    typed = schema(BEAMS, passthrough=False)
    assert changes(schema(BEAMS), typed) == [(PATH, "pass-through turned off", True)]
    assert changes(typed, schema(BEAMS)) == [(PATH, "pass-through turned on", False)]


def test_section_metadata_changes_are_safe() -> None:
    new = schema(BEAMS, native_type="lib.Other", description="New words.")
    assert changes(schema(BEAMS), new) == [
        (PATH, "native type changed: lib.Config -> lib.Other", False),
        (PATH, "description changed", False),
    ]


def test_sections_added_and_removed() -> None:
    empty = EngineSchema("engine", "lib", "1.0", {})
    assert changes(empty, schema(BEAMS)) == [(PATH, "section added (1 parameter)", False)]
    assert changes(schema(BEAMS), empty) == [(PATH, "section removed", True)]


def test_render_lists_each_change_then_a_count() -> None:
    diff = diff_schemas(schema(BEAMS), schema(Parameter("num_beam", "int", 1)))
    assert render_diff(diff).splitlines() == [
        "safe      engine.generation.num_beam: added (int, default 1)",
        "breaking  engine.generation.num_beams: removed",
        "1 breaking, 1 safe",
    ]
    assert diff.breaking == (Change(f"{PATH}.num_beams", "removed", True),)
    assert len(diff.safe) == 1


@pytest.mark.parametrize(
    ("text", "members"),
    [
        ("int", ("int",)),
        ("int | float", ("int", "float")),
        ("Optional[int]", ("int", "None")),
        ("Union[int, list[int]]", ("int", "list[int]")),
        ("typing.Union[int, None]", ("int", "None")),
        ("Optional[Union[int, str]]", ("int", "str", "None")),
        ("List[int]", ("list[int]",)),
        ("Dict[str,  Any]", ("dict[str, Any]",)),
        ("dict[tuple[int], float]", ("dict[tuple[int], float]",)),
        ("tuple(int, float)", ("tuple[int, float]",)),
        ("list[Optional[int]]", ("list[int | None]",)),
        ("Literal['auto', \"cpu\"] | None", ("'auto'", "'cpu'", "None")),
        ("int | int | NoneType", ("int", "None")),
        ("torch.dtype | str", ("torch.dtype", "str")),
        ("", ()),
    ],
)
def test_type_members(text: str, members: tuple[str, ...]) -> None:
    assert type_members(text) == members


def test_normalise_type_puts_none_last() -> None:
    assert normalise_type("None | Optional[List[int]] | str") == "list[int] | str | None"
    assert normalise_type("") == "Any"


def test_split_top_level_ignores_separators_in_brackets_and_quotes() -> None:
    assert split_top_level("a[b, c], d(e, f), 'g, h'", ",") == ["a[b, c]", "d(e, f)", "'g, h'"]
