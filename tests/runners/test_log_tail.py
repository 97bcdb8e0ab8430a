"""The log tail in a failure report: the last lines, bounded, never an error."""

from __future__ import annotations

from pathlib import Path

from llem.runners.log_tail import log_size, read_log_tail


def test_missing_or_absent_log_gives_an_empty_tail(tmp_path: Path) -> None:
    assert read_log_tail(None) == ""
    assert read_log_tail(str(tmp_path / "never-written.log")) == ""
    assert log_size(str(tmp_path / "never-written.log")) == 0


def test_tail_keeps_the_last_lines(tmp_path: Path) -> None:
    log = tmp_path / "experiment.log"
    log.write_text("".join(f"line {n}\n" for n in range(100)))
    assert read_log_tail(str(log), lines=3) == "line 97\nline 98\nline 99"


def test_tail_is_bounded_in_bytes_and_drops_the_cut_line(tmp_path: Path) -> None:
    log = tmp_path / "experiment.log"
    log.write_bytes(b"x" * 20_000 + b"\nshort\n\xff broken utf-8\n")
    tail = read_log_tail(str(log), max_bytes=30)
    assert tail == "short\n\ufffd broken utf-8"
    assert len(read_log_tail(str(log))) <= 8192
