"""The host's end of an event channel (:class:`llem.runners.event_stream.EventStream`): bytes in
chunks of any size, cut anywhere, become events in order; other lines reach the stray handler
whole; END comes last."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator

from llem.experiment.events import Event, Failed, Finished, Phase, Progress, encode_event
from llem.runners.event_stream import END, EventStream

HOST_DIR = "/home/me/results/echo_1"
CONTAINER_DIR = "/llem/experiment"


def drain(stream: EventStream, timeout: float = 5.0) -> list[Event | object]:
    """Everything the stream delivers, END included (the test fails if END never comes)."""
    items: list[Event | object] = []
    while True:
        item = stream.get(timeout)
        assert item is not None, f"nothing within {timeout} s after {items}"
        items.append(item)
        if item is END:
            return items


def collect(chunks: Iterable[bytes]) -> tuple[list[Event | object], list[str]]:
    strays: list[str] = []
    stream = EventStream(chunks, HOST_DIR, strays.append).start()
    items = drain(stream)
    stream.join(5)
    return items, strays


def cut(data: bytes, sizes: Iterable[int]) -> Iterator[bytes]:
    """``data`` in chunks of the given sizes, cycled."""
    start = 0
    for size in itertools.cycle(sizes):
        if start >= len(data):
            return
        yield data[start : start + size]
        start += size


EVENTS: list[Event] = [
    Phase("loading model", "toy/echo"),
    Phase("warmup", "naïve ☕"),
    Progress(1, 3),
    Progress(3, 3),
    Finished(f"{CONTAINER_DIR}/result.json"),
]


def wire() -> bytes:
    """Events as the experiment writes them, stray output between them (UTF-8 included)."""
    lines = [
        encode_event(EVENTS[0], CONTAINER_DIR),
        "Loading checkpoint shards: 100%|██████████| 2/2",
        encode_event(EVENTS[1], CONTAINER_DIR),
        "",  # a blank line is nobody's output
        encode_event(EVENTS[2], CONTAINER_DIR),
        "warning: café naïve ünïcödé",
        encode_event(EVENTS[3], CONTAINER_DIR),
        encode_event(EVENTS[4], CONTAINER_DIR),
    ]
    return ("\n".join(lines) + "\n").encode()


EXPECTED = [*EVENTS[:4], Finished(f"{HOST_DIR}/result.json"), END]
STRAYS = ["Loading checkpoint shards: 100%|██████████| 2/2", "warning: café naïve ünïcödé"]


def test_whole_lines_in_one_chunk() -> None:
    assert collect([wire()]) == (EXPECTED, STRAYS)


def test_one_byte_at_a_time() -> None:
    """Every line is cut everywhere, every multi-byte character between its bytes."""
    assert collect(cut(wire(), [1])) == (EXPECTED, STRAYS)


def test_chunks_of_odd_sizes() -> None:
    for sizes in ([2, 3], [7], [5, 1, 13], [64]):
        assert collect(cut(wire(), sizes)) == (EXPECTED, STRAYS), sizes


def test_a_chunk_holding_the_end_of_one_line_and_the_start_of_the_next() -> None:
    first, second = encode_event(Progress(1, 2)).encode(), encode_event(Progress(2, 2)).encode()
    chunks = [first[:5], first[5:] + b"\n" + second[:9], second[9:] + b"\n"]
    items, strays = collect(chunks)
    assert items == [Progress(1, 2), Progress(2, 2), END]
    assert strays == []


def test_a_last_line_without_a_newline_is_not_lost() -> None:
    items, strays = collect([encode_event(Phase("a")).encode() + b"\nno newline at the end"])
    assert items == [Phase("a"), END]
    assert strays == ["no newline at the end"]
    items, _ = collect([b"stray\n", encode_event(Failed("boom", exit_code=2)).encode()])
    assert items == [Failed("boom", exit_code=2), END]


def test_bytes_that_are_not_utf8_reach_the_stray_handler_replaced() -> None:
    items, strays = collect([b"bad \xff\xfe bytes\n", encode_event(Phase("x")).encode() + b"\n"])
    assert items == [Phase("x"), END]
    assert strays == ["bad \ufffd\ufffd bytes"]


def test_an_empty_channel_gives_end_only() -> None:
    assert collect([]) == ([END], [])


def test_a_broken_channel_ends_the_stream_after_what_came() -> None:
    def broken() -> Iterator[bytes]:
        yield encode_event(Phase("a")).encode() + b"\n" + encode_event(Phase("b")).encode()
        raise OSError("the pipe broke")

    assert collect(broken()) == ([Phase("a"), Phase("b"), END], [])


def test_events_are_delivered_as_they_arrive() -> None:
    """The reader does not wait for the channel to close: an event is there while the
    experiment still runs."""
    more = threading.Event()

    def slow() -> Iterator[bytes]:
        yield encode_event(Progress(1, 2)).encode() + b"\n"
        more.wait(5)
        yield encode_event(Progress(2, 2)).encode() + b"\n"

    stream = EventStream(slow(), HOST_DIR, lambda line: None).start()
    try:
        assert stream.get(5) == Progress(1, 2)
        assert stream.get(0.05) is None  # nothing more yet, and get says so
    finally:
        more.set()
    assert drain(stream) == [Progress(2, 2), END]
