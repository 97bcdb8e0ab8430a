"""A synthetic library for the dynamic miner's tests: config classes that validate, warn and
silently ignore like a real one, written so that the expected rules are known exactly."""

from __future__ import annotations

import warnings
from typing import Any


class SynthConfig:
    """Raises for ``temperature <= 0`` (and a non-number), ``top_p`` outside (0, 1], a ``mode``
    other than ``a``/``b``; warns when ``penalty > 2``; silently ignores ``x`` when ``y`` is
    unset."""

    def __init__(
        self,
        temperature: Any = 1.0,
        top_p: Any = 1.0,
        mode: Any = "a",
        penalty: Any = 1.0,
        x: Any = None,
        y: Any = None,
    ) -> None:
        if not isinstance(temperature, int | float):
            raise TypeError(f"`temperature` must be a number, got {type(temperature).__name__}")
        if temperature <= 0:
            raise ValueError(f"`temperature` must be strictly positive, got {temperature}.")
        if not 0 < top_p <= 1:
            raise ValueError(f"`top_p` has to be in (0, 1], but is {top_p}.")
        if mode not in ("a", "b"):
            raise ValueError(f"Unknown mode {mode!r}: choose 'a' or 'b'.")
        if penalty > 2:
            warnings.warn(f"penalty {penalty} is very high; outputs may degrade", stacklevel=2)
        self.temperature, self.top_p, self.mode, self.penalty = temperature, top_p, mode, penalty
        self.y = y
        self.x = x if y is not None else None

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class Paired:
    """``scale`` cannot be set without ``unit``; ``count`` must be an int of at least 2 (a bare
    ``<`` on an int threshold) and may not be 7."""

    def __init__(self, scale: Any = None, unit: Any = None, count: Any = 2) -> None:
        if scale is not None and unit is None:
            raise ValueError("`scale` needs `unit`.")
        if count < 2:
            raise ValueError(f"count must be at least 2, got {count}")
        if count == 7:
            raise ValueError("count 7 is reserved")
        self.scale, self.unit, self.count = scale, unit, count

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class Broken:
    """Cannot even be built with its defaults."""

    def __init__(self, level: Any = 0) -> None:
        raise RuntimeError("no backend available")

    def to_dict(self) -> dict[str, Any]:
        return {}


class Flags:
    """Rejects ``fast=True``; treats a negative ``level`` as 0 (the default) without a word."""

    def __init__(self, fast: Any = False, level: Any = 0) -> None:
        if fast is True:
            raise ValueError("fast mode is not available in this build")
        self.fast, self.level = fast, max(level, 0)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class Hinted:
    """Warns that ``z`` is only used when ``w`` is true, and then ignores it (like a sampling knob
    under greedy decoding)."""

    def __init__(self, z: Any = 1.0, w: Any = False) -> None:
        if z != 1.0 and not w:
            warnings.warn(f"`z` is set to {z} but only used when `w` is true", stacklevel=2)
        self.z, self.w = (z if w else 1.0), w

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class SynthTokens:
    """``banned`` is a list of token ids (a number or a string raises: one is iterated, the
    other's characters are not ids); ``eos`` is an id or a list of them, none negative; ``beams``
    below 1 fails two unrelated ways (0 divides by zero, a negative one sizes a tensor)."""

    def __init__(self, banned: Any = None, eos: Any = None, beams: Any = 1) -> None:
        self.banned = None if banned is None else [int(token) for token in banned]
        ids = [] if eos is None else [eos] if isinstance(eos, int) else list(eos)
        if any(token < 0 for token in ids):
            raise ValueError(f"`eos` has to be a list of positive integers, but is {ids}")
        if beams < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {beams}")
        self.eos, self.per_beam = ids, 8 // beams

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class SynthMode:
    """``alpha > 0`` picks a decoding mode that moved away (it raises) unless ``sample`` is
    set; ``layers``, of no declared type, raises the same way whatever its value unless
    ``beams`` is above 1."""

    def __init__(self, alpha: Any = 0.0, sample: Any = False, layers: Any = None, beams: Any = 1):
        if alpha > 0 and not sample:
            raise ValueError("Contrastive search moved to the Hub: pass trust_remote_code=True")
        if layers is not None and beams == 1:
            raise ValueError("DoLa moved to the Hub: pass trust_remote_code=True")
        self.alpha, self.sample, self.beams = alpha, sample, beams

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class SynthAssist:
    """``lookup`` (like prompt lookup) changes nothing alone (its effect leaves it out) and must
    be positive; with a ``static`` cache it raises, with ``beams`` above 1 it is ignored with a
    warning, valid or not. ``cache`` is ``dynamic`` or ``static``; ``beams`` at least 1."""

    def __init__(self, lookup: Any = None, cache: Any = "dynamic", beams: Any = 1) -> None:
        if beams < 1:
            raise ValueError(f"beams must be at least 1, got {beams}")
        if cache not in ("dynamic", "static"):
            raise ValueError(f"Unknown cache {cache!r}")
        if lookup is not None and cache == "static":
            raise ValueError("assist cannot use a static cache")
        if lookup is not None and beams > 1:
            warnings.warn("lookup is ignored with beams", stacklevel=2)
            lookup = None
        if lookup is not None and lookup <= 0:
            raise ValueError(f"lookup must be positive, got {lookup}")
        self.cache, self.beams = cache, beams

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class SynthDola:
    """``layers``, of no declared type, raises whatever its value (its mode moved away) unless
    ``beams`` is above 1, where it is ignored with a warning (like ``dola_layers``)."""

    def __init__(self, layers: Any = None, beams: Any = 1) -> None:
        if beams < 1:
            raise ValueError(f"beams must be at least 1, got {beams}")
        if layers is not None and beams > 1:
            warnings.warn("layers are ignored with beam search", stacklevel=2)
        elif layers is not None:
            raise ValueError("DoLa moved to the Hub: pass trust_remote_code=True")
        self.beams = beams

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class SynthTyped:
    """``penalty`` must be written as a float (``2`` raises unless it is the default 1; ``2.0``
    works), and ``beams`` as an int (``2.0`` raises), as transformers' encoder repetition
    penalty and ``num_beams`` do; ``scale`` takes either."""

    def __init__(self, penalty: Any = 1.0, beams: Any = 1, scale: Any = 1.0) -> None:
        if penalty != 1.0 and not (isinstance(penalty, float) and penalty > 0):
            raise ValueError(f"`penalty` has to be a strictly positive float, but is {penalty}")
        if not isinstance(beams, int) or beams < 1:
            raise TypeError(f"beams must be a positive int, got {beams!r}")
        self.penalty, self.beams, self.scale = float(penalty), beams, float(scale)

    def to_dict(self) -> dict[str, Any]:
        return dict(vars(self))
