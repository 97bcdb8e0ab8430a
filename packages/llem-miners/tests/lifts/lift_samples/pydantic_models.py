"""Synthetic pydantic models and a pydantic dataclass (the idioms of vLLM's config classes)."""

from __future__ import annotations

from dataclasses import field
from typing import Annotated, Literal

import annotated_types
from pydantic import BaseModel, ConfigDict, Field, SkipValidation, field_validator
from pydantic.dataclasses import dataclass

Mode = Literal["fast", "slow"]


class Sampler(BaseModel):
    """Bounds via Field, Annotated and conint-style metadata; Literal (also optional)."""

    size: int = Field(default=16, gt=0)
    ratio: float = Field(default=0.5, gt=0, le=1)
    limit: Annotated[int, Field(lt=100)] = 1
    step: int = Field(default=8, multiple_of=8)
    mode: Mode = "fast"
    flag: Literal[1, 2] | None = None
    floor: Annotated[int, annotated_types.Ge(-1)] | None = None
    tags: list[str] = Field(default_factory=list, min_length=1)
    either: int | Literal["auto"] = "auto"

    @field_validator("size")
    @classmethod
    def _even(cls, value: int) -> int:
        return value


class StrictCounts(BaseModel):
    """Strict mode: a simple-typed field also rejects values of another type."""

    model_config = ConfigDict(strict=True)

    count: int = 1
    scale: float = 1.0


@dataclass
class CacheLike:
    """A pydantic dataclass, as vLLM's ``@config`` classes are."""

    block: int = Field(default=16, gt=0)
    dtype: Literal["auto", "fp8"] = "auto"
    derived: int = field(default=0, init=False)
    unchecked: SkipValidation[int] = Field(default=1, gt=0)
