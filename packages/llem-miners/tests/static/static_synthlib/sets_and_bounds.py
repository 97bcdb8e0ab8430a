# mypy: ignore-errors
# ruff: noqa
"""Checks on sets built from keywords, locals split by a conditional expression, and a keyword
bounded by both a literal and a sibling."""


class Tokens:
    def validate(self) -> None:
        if self.num_return_sequences is not None and self.num_return_sequences > 1:
            if self.num_beams is None or self.num_beams == 1:
                pass
            elif self.num_return_sequences > self.num_beams:
                raise ValueError("`num_return_sequences` must not exceed `num_beams`")  # L:beams
        if self.width > 2 and self.width > self.floor and self.floor >= 4:
            raise ValueError("`width` must not exceed `floor`")  # L:proven
        if self.depth < 9 and self.depth < self.ceiling:
            raise ValueError("`depth` is too small")  # L:unresolved
        if self.suppressed is not None:
            suppressed = set(self.suppressed)
            for name in ("bos_id", "eos_id"):
                forced = getattr(self, name)
                if forced is None:
                    continue
                forced = {forced} if isinstance(forced, int) else set(forced)
                if forced and forced.issubset(suppressed):
                    raise ValueError(f"Every token in `{name}` is suppressed")  # L:forced
        allowed = frozenset(self.allowed)
        if self.mode not in allowed:
            raise ValueError("`mode` must be one of `allowed`")  # L:not_in_set
        if self.limit is not None:
            pair = {self.limit}
            if not pair.issuperset({self.level}):
                raise ValueError("`level` must equal `limit`")  # L:superset
        if set(self.tags).issubset(self.known_tags):
            raise ValueError("every tag is known")  # L:every_element
        if self.helper().issubset(self.known_tags):
            raise ValueError("helper")  # L:not_a_set
        value = self.a if self.use_a else self.b
        if value < 0:
            raise ValueError("the chosen value must not be negative")  # L:split
        cap = self.cap if self.capped else 10
        if self.size > cap:
            raise ValueError("`size` must not exceed the cap")  # L:literal_branch
        opaque = build(self) if self.verbose else build(self.b)
        if opaque:
            raise ValueError("neither branch is known")  # L:opaque_split


def build(value):
    return value
