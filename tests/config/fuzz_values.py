"""Hypothesis strategies for the values and keys a malformed config file may hold."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.config.fuzz_yaml import Raw

KNOWN_PATHS = (
    "name",
    "engine",
    "runner",
    "runners.transformers",
    "task.n_prompts",
    "task.order",
    "task.max_output_tokens",
    "task.random_seed",
    "transformers.batch_size",
    "transformers.dtype",
    "transformers.sampling.do_sample",
    "transformers.sampling.temperature",
    "transformers.sampling.top_p",
    "transformers.generation.num_beams",
    "transformers.generation.compile_config",
    "transformers.quantization.load_in_4bit",
    "vllm.max_num_seqs",
    "measurement.energy.sampler",
    "measurement.energy.options",
    "measurement.baseline.strategy",
    "measurement.warmup.mode",
    "measurement.thermal_floor.max_wait_s",
    "docker.env",
    "docker.gpus",
)
"""Paths a mutation may set or sweep: real keys, so that values reach their checks."""
REFERENCE_KEYS = ("task.model", "task.dataset", "task.gguf_file", "measurement.baseline.cache_dir")
"""Keys naming files or folders, checked by the preflight step: given no path-like text here."""

TAGGED = (
    "!!omap [{a: 1}, {b: 2}]",
    "!!omap [{m: 1}]",
    "!!omap {a: 1}",
    "!!set {a, b}",
    "!!pairs [{a: 1}]",
    "!!binary aGVsbG8=",
    "!!timestamp 2001-12-14",
    "!!timestamp 2001-12-14t21:59:43.10-05:00",
    "!!python/object:os.system {}",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!custom x",
    "!custom {b: 1}",
    "!custom [1]",
    "!!str 3",
    "!!int x",
    "!!int 0x1F",
    "!!float abc",
    "!!bool maybe",
    "!!null x",
    "!!map [1]",
    "!!seq {a: 1}",
    "!<tag:yaml.org,2002:str> x",
    "!!merge x",
    "!!value x",
)
"""Tags: standard ones on the wrong kind of node, unsafe ones, unknown ones."""
PLAIN_WORDS = (
    "yes", "no", "on", "off", "y", "n", "~", "", "''", '""', "0x1F", "0o17", "0b101", "017",
    "1_000", "1e400", "-1e400", "1e-400", ".inf", ".NaN", "2024-02-30", "12:30:00", "=", "<<",
    "- x", "? x", "|", ">", "'unterminated", '"unterminated', "[unclosed", "{unclosed", "*nothing",
    "&a", "!", "%x", "@x", "`x", "a: b", "a #b", "tab\there", "\u2028", "\ufeffbom",
    "transformers", "vllm", "docker:", "docker:cpu", "local", "none", "auto",
)  # fmt: skip
"""Plain scalars YAML reads as something other than text, or does not read at all."""
HUGE_INTS = ("9223372036854775808", "-9223372036854775809", "1" + "0" * 400, "9" * 4299)
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def texts() -> st.SearchStrategy[str]:
    """Any text, sometimes holding a lone surrogate."""
    with_surrogate = st.tuples(st.text(max_size=5), SURROGATES, st.text(max_size=5))
    return st.text(max_size=12) | with_surrogate.map("".join)


def keys() -> st.SearchStrategy[object]:
    """Mapping keys: real and unknown names, odd text, and keys that are not text at all."""
    odd = st.sampled_from(["1", "1.5", "true", "null", "~", "[a, b]", "{a: 1}", '""', "<<"])
    return st.one_of(
        st.sampled_from(KNOWN_PATHS),
        st.sampled_from(["batch_size", "n_prompts", "model", "sweep", "experiments", "base"]),
        st.sampled_from(["a..b", ".", "task.", ".task", "a.b.c.d.e.f"]),
        texts(),
        odd.map(Raw),
    )


def scalars() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from(HUGE_INTS).map(Raw),
        st.floats(),
        texts(),
        st.dates(),
        st.sampled_from(PLAIN_WORDS).map(Raw),
        st.sampled_from(TAGGED).map(Raw),
    )


def values() -> st.SearchStrategy[object]:
    """A scalar, or a small list or mapping of them, or something nested far too deep."""
    nested = st.recursive(
        scalars(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys(), inner, max_size=4),
        max_leaves=10,
    )
    return nested | deep_nesting() | alias_bombs()


def deep_nesting() -> st.SearchStrategy[Raw]:
    depth = st.sampled_from([60, 300, 1200, 5000])
    shapes = st.sampled_from(["[{}]", "{{a: {}}}"])
    return st.builds(lambda n, shape: Raw(_nest(shape, n)), depth, shapes)


def _nest(shape: str, depth: int) -> str:
    left, right = shape.split("{}")
    return left * depth + "1" + right * depth


def alias_bombs() -> st.SearchStrategy[Raw]:
    """A flow list whose aliases expand it ``width ** depth`` times."""
    return st.builds(_bomb, st.integers(2, 9), st.integers(2, 9))


def _bomb(width: int, depth: int) -> Raw:
    levels = [f"&l0 [{', '.join(['x'] * width)}]"]
    levels += [f"&l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, depth)]
    return Raw(f"[{', '.join(levels)}]")


def reference_values() -> st.SearchStrategy[object]:
    """For keys that name files: wrong types, and names that are no path on this machine."""
    return st.one_of(
        st.none(),
        st.integers(),
        st.lists(st.integers(), max_size=2),
        st.sampled_from(["org/model", "toy/echo", "no-such-dataset"]),
    )
