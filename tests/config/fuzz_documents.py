"""Malformed experiment and study files: the examples, mutated as a tree and then as text."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from llem.config.yaml_source import read_yaml_mapping
from tests.config.fuzz_values import (
    KNOWN_PATHS,
    REFERENCE_KEYS,
    keys,
    reference_values,
    texts,
    values,
)
from tests.config.fuzz_yaml import Anchored, Raw, render

EXAMPLES = Path(__file__).parents[2] / "examples"
QUICKSTART = read_yaml_mapping(EXAMPLES / "quickstart.yaml", "quickstart.yaml").data
STUDY = read_yaml_mapping(EXAMPLES / "study.yaml", "study.yaml").data
EXPERIMENT_FILE, STUDY_FILE, BASE_FILE = "exp.yaml", "study.yaml", "base.yaml"
BASES = (BASE_FILE, "missing.yaml", ".", "", " ", STUDY_FILE, "/dev/zero", "../", "base.yaml/x")
MAX_CONFIGURATIONS = 100_000
"""The default cap: a study under it is planned in full, so the fuzzer keeps to small sweeps
or ones far over it (refused before they expand)."""

Path_ = tuple[Any, ...]
Mutation = Callable[[st.DrawFn, dict[str, Any]], None]


def experiment_files() -> st.SearchStrategy[dict[str, bytes]]:
    """``{"exp.yaml": text}``: the quickstart, mutated."""
    return _document(QUICKSTART, EXPERIMENT_MUTATIONS).map(lambda text: {EXPERIMENT_FILE: text})


@st.composite
def study_files(draw: st.DrawFn) -> dict[str, bytes]:
    """``study.yaml`` (the example study, mutated) and often a mutated ``base.yaml`` beside it."""
    files = {STUDY_FILE: draw(_document(STUDY, STUDY_MUTATIONS))}
    if draw(st.booleans()):
        files[BASE_FILE] = draw(_document(QUICKSTART, EXPERIMENT_MUTATIONS))
    return files


@st.composite
def _document(draw: st.DrawFn, start: dict[str, Any], mutations: Sequence[Mutation]) -> bytes:
    data = copy.deepcopy(start)
    for mutate in draw(st.lists(st.sampled_from(mutations), max_size=4)):
        mutate(draw, data)
    text = render(data).encode("utf-8")
    return draw(_text_mutation(text)) if draw(st.integers(0, 3)) == 0 else text


# -- the tree ---------------------------------------------------------------------------------


def _paths(data: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every key's path, in document order (mappings only: list items are values)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))


def _mappings(data: dict[str, Any]) -> list[Path_]:
    return [(), *(path for path in _paths(data) if isinstance(_get(data, path), dict))]


def _get(data: Any, path: Path_) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    node = data
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value


def _value_for(draw: st.DrawFn, path: Path_) -> Any:
    dotted = ".".join(str(key) for key in path)
    return draw(reference_values() if dotted.endswith(REFERENCE_KEYS) else values())


def _replace(draw: st.DrawFn, data: dict[str, Any]) -> None:
    paths = list(_paths(data))
    if paths:
        path = draw(st.sampled_from(paths))
        _set(data, path, _value_for(draw, path))


def _set_known(draw: st.DrawFn, data: dict[str, Any]) -> None:
    path = tuple(draw(st.sampled_from(KNOWN_PATHS)).split("."))
    _set(data, path, draw(values()))


def _add_key(draw: st.DrawFn, data: dict[str, Any]) -> None:
    parent = draw(st.sampled_from(_mappings(data)))
    key = draw(keys())
    _get(data, parent)[key] = _value_for(draw, (*parent, key))


def _delete(draw: st.DrawFn, data: dict[str, Any]) -> None:
    paths = list(_paths(data))
    if paths:
        *parent, key = draw(st.sampled_from(paths))
        del _get(data, tuple(parent))[key]


def _empty_section(draw: st.DrawFn, data: dict[str, Any]) -> None:
    if data:
        key = draw(st.sampled_from(list(data)))
        data[key] = draw(st.sampled_from([None, {}, [], "", Raw("~"), Raw("")]))


def _alias(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """An anchor on one value and an alias to it at a later key (or below it: a cycle)."""
    paths = list(_paths(data))
    if len(paths) < 2:
        return
    first = draw(st.integers(0, len(paths) - 2))
    second = draw(st.integers(first + 1, len(paths) - 1))
    name = f"a{draw(st.integers(0, 99))}"
    _set(data, paths[second], Raw(f"*{name}"))
    _set(data, paths[first], Anchored(name, _get(data, paths[first])))


def _merge_key(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """``<<: *anchor`` in a mapping after the anchored one (or inside it)."""
    mappings = _mappings(data)[1:]
    if not mappings:
        return
    source, target = draw(st.sampled_from(mappings)), draw(st.sampled_from(mappings))
    name = f"m{draw(st.integers(0, 99))}"
    merged = {Raw("<<"): Raw(f"*{name}"), **_get(data, target)}
    _set(data, target, merged)
    _set(data, source, Anchored(name, _get(data, source)))


EXPERIMENT_MUTATIONS: tuple[Mutation, ...] = (
    _replace,
    _set_known,
    _add_key,
    _delete,
    _empty_section,
    _alias,
    _merge_key,
)

# -- studies ----------------------------------------------------------------------------------


def _sweep_axis(draw: st.DrawFn, data: dict[str, Any]) -> None:
    sweep = data.setdefault("sweep", {})
    if isinstance(sweep, dict):
        path = draw(st.sampled_from(KNOWN_PATHS) | keys())
        sweep[path] = draw(st.lists(values(), max_size=4) | values())


def _sweep_group(draw: st.DrawFn, data: dict[str, Any]) -> None:
    sweep = data.setdefault("sweep", {})
    if isinstance(sweep, dict):
        name = draw(st.sampled_from(["g", "transformers", "vllm", "engine"]) | keys())
        entry = st.dictionaries(st.sampled_from(KNOWN_PATHS) | keys(), values(), max_size=3)
        sweep[name] = draw(st.lists(entry | values(), max_size=4))


def _huge_sweep(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """Axes or one group entry's mini-grid far over the cap: refused before expanding."""
    width, count = draw(st.integers(10, 40)), draw(st.integers(6, 12))
    grid = {f"transformers.generation.k{i}": list(range(width)) for i in range(count)}
    data["sweep"] = draw(st.sampled_from([grid, {"g": [grid]}, {"g": [{}, grid, grid]}]))
    execution = data.get("execution")
    if isinstance(execution, dict):
        execution.pop("max_configurations", None)


def _experiments(draw: st.DrawFn, data: dict[str, Any]) -> None:
    entry = st.dictionaries(st.sampled_from(KNOWN_PATHS) | keys(), values(), max_size=3)
    data["experiments"] = draw(st.lists(entry | values(), max_size=4) | values())


def _execution(draw: st.DrawFn, data: dict[str, Any]) -> None:
    names = ["cycles", "order", "seed", "gap_s", "timeout_s", "max_configurations"]
    key = draw(st.sampled_from(names) | keys())
    value = draw(values())
    if key == "max_configurations" and isinstance(value, int) and value > MAX_CONFIGURATIONS:
        value = MAX_CONFIGURATIONS
    execution = data.get("execution")
    data["execution"] = {**(execution if isinstance(execution, dict) else {}), key: value}


def _base(draw: st.DrawFn, data: dict[str, Any]) -> None:
    data["base"] = draw(st.sampled_from(BASES) | values())


def _study_name(draw: st.DrawFn, data: dict[str, Any]) -> None:
    data[draw(st.sampled_from(["name", "output_dir"]))] = draw(texts() | values())


STUDY_MUTATIONS: tuple[Mutation, ...] = (
    *EXPERIMENT_MUTATIONS,
    _sweep_axis,
    _sweep_group,
    _huge_sweep,
    _experiments,
    _execution,
    _base,
    _study_name,
)

# -- the text ---------------------------------------------------------------------------------

YAML_PUNCTUATION = [bytes([byte]) for byte in b":-?[]{}&*!|>'\"%@`#,\t"]
PREAMBLES = [b"%YAML 1.1\n---\n", b"%TAG ! tag:x,2000:\n---\n", b"\xef\xbb\xbf", b"--- !!set\n"]


@st.composite
def _text_mutation(draw: st.DrawFn, text: bytes) -> bytes:
    at = draw(st.integers(0, len(text)))
    lines = text.splitlines(keepends=True)
    line = draw(st.integers(0, max(len(lines) - 1, 0)))
    edits: list[Callable[[], bytes]] = [
        lambda: text[:at] + draw(st.binary(min_size=1, max_size=4)) + text[at:],
        lambda: text[:at] + draw(st.characters()).encode("utf-8", "replace") + text[at:],
        lambda: text[:at] + draw(st.sampled_from(YAML_PUNCTUATION)) + text[at:],
        lambda: text[:at] + text[at + draw(st.integers(1, 40)) :],
        lambda: b"".join([*lines[: line + 1], *lines[line:]]),
        lambda: text[:at],
        lambda: text + b"---\nx: 1\n",
        lambda: draw(st.sampled_from(PREAMBLES)) + text,
        lambda: text.replace(b"  ", b"\t"),
    ]  # fmt: skip
    return draw(st.sampled_from(edits))()
