"""Events on the wire (:mod:`llem.experiment.events`): one JSON object per line, the same for
every runner; a result path travels relative to the experiment folder, so a host reading a
container's events sees its own path."""

from __future__ import annotations

import json

import pytest

from llem.experiment.events import (
    Event,
    Failed,
    Finished,
    Phase,
    Progress,
    decode_event,
    encode_event,
)

CONTAINER_DIR = "/llem/experiment"
HOST_DIR = "/home/me/results/echo_1"

EVENTS: list[Event] = [
    Phase("loading model", "toy/echo"),
    Phase("warmup"),
    Progress(3, 50),
    Progress(0, 0),
    Failed("the engine failed: naïve ☕", "Traceback ...\n  line 2\n", 3, "last\nlines"),
    Failed("plain"),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_every_kind_round_trips(event: Event) -> None:
    line = encode_event(event)
    assert "\n" not in line
    assert line.isascii()  # whatever the text, the line survives any byte-oriented pipe
    assert decode_event(line, HOST_DIR) == event


def test_the_wire_names_the_kind_and_its_fields() -> None:
    assert json.loads(encode_event(Phase("warmup", "fixed"))) == {
        "event": "phase",
        "name": "warmup",
        "detail": "fixed",
    }
    assert json.loads(encode_event(Progress(1, 2))) == {"event": "progress", "done": 1, "total": 2}
    assert json.loads(encode_event(Failed("m")))["event"] == "failed"
    assert json.loads(encode_event(Finished("/r.json")))["event"] == "finished"


def test_a_result_inside_the_experiment_folder_travels_relative() -> None:
    line = encode_event(Finished(f"{CONTAINER_DIR}/sub/result.json"), CONTAINER_DIR)
    assert json.loads(line)["result_path"] == "sub/result.json"
    assert decode_event(line, HOST_DIR) == Finished(f"{HOST_DIR}/sub/result.json")


def test_a_result_outside_the_experiment_folder_stays_absolute() -> None:
    # A sibling whose name merely starts with the folder's is not inside it.
    outside = f"{CONTAINER_DIR}-other/result.json"
    line = encode_event(Finished(outside), CONTAINER_DIR)
    assert json.loads(line)["result_path"] == outside
    assert decode_event(line, HOST_DIR) == Finished(outside)


def test_without_an_experiment_folder_the_path_is_sent_as_is() -> None:
    line = encode_event(Finished(f"{CONTAINER_DIR}/result.json"))
    assert json.loads(line)["result_path"] == f"{CONTAINER_DIR}/result.json"


def test_a_relative_path_is_resolved_against_the_readers_folder() -> None:
    line = json.dumps({"event": "finished", "result_path": "result.json"})
    assert decode_event(line, HOST_DIR) == Finished(f"{HOST_DIR}/result.json")
    assert decode_event(line, "/elsewhere") == Finished("/elsewhere/result.json")


@pytest.mark.parametrize(
    "line",
    [
        "",
        "loading weights... 100%",
        "Traceback (most recent call last):",
        "{not json",
        "null",
        "42",
        '"phase"',
        "[1, 2]",
        '{"name": "warmup"}',  # no kind
        '{"event": "teleported", "name": "x"}',  # unknown kind
        '{"event": ["phase"]}',  # a kind that is no name
        '{"event": "phase"}',  # a required field missing
        '{"event": "progress", "done": 1}',
        '{"event": "progress", "done": 1, "total": 2, "eta": 3}',  # a field of no event
        '{"event": "finished", "path": "result.json"}',
        '{"event": "failed", "msg": "x"}',
    ],
)
def test_a_line_that_is_no_event_decodes_to_none(line: str) -> None:
    assert decode_event(line, HOST_DIR) is None


@pytest.mark.parametrize("path", ["null", "3"])
def test_a_finished_event_with_a_path_that_is_no_text_decodes_to_none(path: str) -> None:
    line = f'{{"event": "finished", "result_path": {path}}}'
    assert decode_event(line, HOST_DIR) is None
