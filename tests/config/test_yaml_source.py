from __future__ import annotations

import datetime
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from llem.config.yaml_source import MAX_BYTES, parse_scalar, read_yaml_mapping
from llem.errors import ConfigError


def _problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        read_yaml_mapping(path, "q.yaml")
    return raised.value.problems


def test_data_is_plain_python(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml("a:\n  i: 0x10\n  f: 2.5\n  b: true\n  s: 'yes'\n  n: ~\n  l: [1, x]\n")
    data = read_yaml_mapping(path, "q.yaml").data
    assert data == {"a": {"i": 16, "f": 2.5, "b": True, "s": "yes", "n": None, "l": [1, "x"]}}
    types = [type(value) for value in data["a"].values()]
    assert types == [int, float, bool, str, type(None), list]


def test_positions_are_one_based_key_positions(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml("# comment\ntask:\n  model: m\n  list:\n    - 1\n    - 2\n")
    positions = read_yaml_mapping(path, "q.yaml").positions
    assert positions == {"task": (2, 1), "task.model": (3, 3), "task.list": (4, 3),
                         "task.list.0": (5, 7), "task.list.1": (6, 7)}  # fmt: skip


def test_dates_stay_dates(write_yaml: Callable[..., Path]) -> None:
    data = read_yaml_mapping(write_yaml("d: 2024-01-02\n"), "q.yaml").data
    assert data == {"d": datetime.date(2024, 1, 2)}


@pytest.mark.parametrize("text", ["", "# nothing here\n"])
def test_an_empty_file_is_an_empty_mapping(write_yaml: Callable[..., Path], text: str) -> None:
    assert read_yaml_mapping(write_yaml(text), "q.yaml").data == {}


def test_missing_file(tmp_path: Path) -> None:
    assert _problems(tmp_path / "absent.yaml") == ["no such file: q.yaml"]


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    assert _problems(tmp_path) == ["q.yaml: is a directory, not a YAML file"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xfe\n")
    assert _problems(path) == ["q.yaml:2:4: not UTF-8 text (byte 0xff)"]


def test_a_forbidden_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text('a: 1\nb: "x\x01y"\n')
    (problem,) = _problems(path)
    assert problem.startswith("q.yaml:2:6: malformed YAML: special characters are not allowed")


def test_scanner_error_names_line_and_column(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml("task:\n  model: a: b\n")
    assert _problems(path) == ["q.yaml:2:11: malformed YAML: mapping values are not allowed here"]


def test_parser_error_names_where_the_construct_started(write_yaml: Callable[..., Path]) -> None:
    path = write_yaml("a: [1, 2\nb: 3\n")
    assert _problems(path) == [
        "q.yaml:2:2: malformed YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence at line 1, column 4)"
    ]


def test_duplicate_key(write_yaml: Callable[..., Path]) -> None:
    [problem] = _problems(write_yaml("a: 1\na: 2\n"))
    assert problem.startswith('q.yaml:2:1: malformed YAML: found duplicate key "a"')


def test_top_level_list(write_yaml: Callable[..., Path]) -> None:
    assert _problems(write_yaml("\n- 1\n- 2\n")) == [
        "q.yaml:2:1: the top level must be a mapping of keys, got a list"
    ]


def test_top_level_scalar(write_yaml: Callable[..., Path]) -> None:
    assert _problems(write_yaml("# a comment\n\n  just text\n")) == [
        "q.yaml:3:3: the top level must be a mapping of keys, got the scalar 'just text'"
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4", 4),
        ("2.5", 2.5),
        ("true", True),
        ("yes", "yes"),  # YAML 1.2: only true/false are booleans
        ("[1, 2]", [1, 2]),
        ("{a: 1}", {"a": 1}),
        ("", None),
        ("null", None),
        ("gpt2", "gpt2"),
        ("org/model", "org/model"),
        ("docker:image", "docker:image"),
        ("'10'", "10"),
        ("[unclosed", "[unclosed"),  # not YAML: kept as text
    ],
)
def test_parse_scalar(text: str, value: object) -> None:
    parsed = parse_scalar(text)
    assert parsed == value
    assert type(parsed) is type(value)


def _billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


HOSTILE = {
    "alias bomb (a 9^10-value expansion in 540 bytes)": (
        _billion_laughs(),
        "expands to more than 100,000 values (YAML aliases?)",
    ),
    "400 nesting levels": ("x: " + "[" * 400 + "]" * 400 + "\n", "nested more than 64 levels"),
    "65 nesting levels": ("x: " + "{a: " * 65 + "1" + "}" * 65 + "\n", "nested more than 64"),
    "a self-merging key": ("a: &a\n  <<: *a\n  b: 1\n", "cannot read this value"),
    "an integer of 5,000 digits": ("n: " + "9" * 5000 + "\n", "4300 digits"),
    "an !!omap of the wrong shape": ("t: !!omap [m]\n", "expected a mapping of length 1"),
    "an !!int that is none": ("a:\n  b: !!int x\n", "invalid literal for int()"),
    "a !!bool that is none": ("b: !!bool maybe\n", "unknown value 'maybe'"),
    "a lone surrogate": ('name: "x\\ud800"\n', "'x\\ud800' is not text"),
    "a lone surrogate in a key": ('t:\n  "\\udc00": 1\n', "t.\\udc00: '\\udc00' is not text"),
}


@pytest.mark.parametrize("text, message", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_yaml_is_a_located_config_error_not_a_crash(
    tmp_path: Path, text: str, message: str
) -> None:
    """``!!bool maybe`` crashed with a KeyError; the others named no line."""
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        read_yaml_mapping(path, "hostile.yaml")
    (problem,) = raised.value.problems
    assert re.match(r"hostile\.yaml:\d+:\d+: ", problem) and message in problem, problem


def test_an_escaped_surrogate_pair_is_the_character_it_encodes(tmp_path: Path) -> None:
    """JSON writes an emoji as two escapes; YAML reads each as half a character."""
    path = tmp_path / "exp.yaml"
    path.write_text('name: "\\ud83d\\ude00"\nt: !!omap [{m: 1}]\n')
    assert read_yaml_mapping(path, "exp.yaml").data == {"name": "\U0001f600", "t": {"m": 1}}


def test_a_device_a_pipe_or_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"a" * (MAX_BYTES + 1))
    for path, message in [
        (Path("/dev/zero"), "not a regular file"),
        (fifo, "not a regular file"),
        (huge, "larger than 1 MiB"),
    ]:
        with pytest.raises(ConfigError, match=message):
            read_yaml_mapping(path, str(path))


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
def test_a_non_finite_number_is_refused_where_it_is_written(tmp_path: Path, value: str) -> None:
    """NaN and infinity passed validation, then crashed writing config.json."""
    path = tmp_path / "exp.yaml"
    path.write_text(f"task: {{model: m}}\nexecution:\n  timeout_s: {value}\n")
    with pytest.raises(ConfigError) as raised:
        read_yaml_mapping(path, "exp.yaml")
    (problem,) = raised.value.problems
    assert problem.startswith("exp.yaml:3:3: execution.timeout_s: expected a finite number")


def test_keys_a_merge_brings_in_are_located_where_they_were_written(tmp_path: Path) -> None:
    """They had no position: an error about one named the file alone."""
    path = tmp_path / "exp.yaml"
    path.write_text("a: &x\n  b: {c: 1}\nd:\n  <<: [*x, {f: 2}]\n  e: 3\n")
    positions = read_yaml_mapping(path, "exp.yaml").positions
    assert [positions[key] for key in ("d.b", "d.b.c", "d.f", "d.e")] == [
        (2, 3), (2, 7), (4, 13), (5, 3),
    ]  # fmt: skip


def test_deep_flow_nesting_is_refused_before_the_rest_is_read(tmp_path: Path) -> None:
    """ruamel's scanner looks up to 1,024 characters ahead at every level of a flow collection:
    a 1 MiB file of values nested 200 deep took a minute to load."""
    path = tmp_path / "deep.yaml"
    path.write_text("".join(f"k{i}: {'[' * 200}{']' * 200}\n" for i in range(2400)))
    started = time.perf_counter()
    assert _problems(path) == ["q.yaml:1:69: nested more than 64 levels deep"]
    assert time.perf_counter() - started < 5
