"""What an energy library prints while it looks for devices stays off llem's stdout."""

from __future__ import annotations

import logging

import pytest

from llem.energy.library_prints import prints_to_debug_log


def test_a_library_print_goes_to_the_debug_log_not_stdout(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="llem.energy"), prints_to_debug_log("amdsmi"):
        print("Unable to find libamd_smi.so library")
    assert capsys.readouterr().out == ""
    assert "amdsmi printed: Unable to find libamd_smi.so library" in caplog.text


def test_stdout_is_restored_after_the_library_raised(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ImportError), prints_to_debug_log("broken"):
        raise ImportError("no such library")
    print("llem's own line")
    assert capsys.readouterr().out == "llem's own line\n"
