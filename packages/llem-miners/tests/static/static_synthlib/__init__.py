"""A synthetic library for the static miner's tests: its checks are read, never run.

Lines the tests point at carry a ``# L:<name>`` marker, so that a test finds their line number
without hard-coding it.
"""
