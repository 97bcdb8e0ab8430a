"""Checks below an early exit: they run only when the exit was not taken."""


class Params:
    def validate(self) -> None:
        if self.mode is None:
            return
        if self.top_k < 0:
            raise ValueError("top_k must be >= 0")  # L:after_return
        if self.beams == 1:
            return
        else:
            pass
        raise ValueError("beams only with a mode")  # L:after_beams
        raise ValueError("never reached")  # L:unreachable

    def loop(self) -> None:
        for name in ("low", "high"):
            if self.level == name:
                continue
            raise ValueError(f"level is not {name}")  # L:after_continue
