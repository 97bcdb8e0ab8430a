"""Installed distributions' versions, read without importing them (llem.engine_library)."""

from __future__ import annotations

from importlib import metadata

from llem.engine_library import distribution_version, installed_versions


def test_installed_versions_leave_out_what_is_not_installed() -> None:
    versions = installed_versions(("pytest", "llem-no-such-distribution", "attrs"))
    assert versions == {"pytest": metadata.version("pytest"), "attrs": metadata.version("attrs")}
    assert distribution_version("llem-no-such-distribution") is None
