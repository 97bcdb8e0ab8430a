# ruff: noqa: UP045  -- written in the style of the libraries it stands for (Optional[...])
"""Pydantic models for the source-tree lift tests: importable (pydantic only), so the lift of the
imported classes can be compared with the lift of their source."""

from typing import Any, ClassVar, Literal, Optional

from pydantic import Field as PydanticField
from pydantic import NonNegativeInt, PositiveInt, PrivateAttr, field_validator, model_validator

from .base import StrictModel

LOW = 0
MODES = ("fast", "slow")


def Field(default: Any = ..., *, status: Optional[str] = None, **kwargs: Any) -> Any:
    """A library's thin wrapper of pydantic's Field (as TensorRT-LLM writes one)."""
    return PydanticField(default, **kwargs)


class CacheArgs(StrictModel):
    fraction: Optional[float] = Field(
        default=None, ge=LOW, le=1.0, description="share"
    )  # L:fraction
    blocks: NonNegativeInt = Field(default=0)  # L:blocks
    mode: Literal["fast", "slow"] = "fast"  # L:mode
    window: Optional[PositiveInt] = None  # L:window
    kind: int | Literal["auto"] = "auto"
    _secret: int = PrivateAttr(default=0)
    hidden: ClassVar[int] = 3
    backend: Any = None

    @field_validator("blocks")
    @classmethod
    def check_blocks(cls, value: int) -> int:
        return value


class RunArgs(CacheArgs):
    interval: int = Field(default=1, ge=1)  # L:interval
    ratio: float = Field(default=0.0, ge=0, le=1, status="beta")  # L:ratio
    fraction: Optional[float] = Field(default=None, gt=0.0, lt=1.0)  # L:redefined

    @model_validator(mode="after")
    def check_run(self) -> "RunArgs":
        return self
