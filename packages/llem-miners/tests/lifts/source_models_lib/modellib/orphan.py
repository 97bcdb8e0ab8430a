"""A model whose base lives in a module the source tree does not hold."""

from pydantic import BaseModel, ConfigDict, Field

from modellib.elsewhere import RemoteBase


class Orphan(RemoteBase):
    level: int = Field(default=1, gt=0)  # L:level


class Plain:
    level: int = 1


class Shadowing(BaseModel):
    json: int = Field(default=1, ge=0)  # L:json
    model_config = ConfigDict(strict=True)
