"""The library's own base model, kept in another module (as TensorRT-LLM's StrictBaseModel)."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shared_ratio: float = 0.5  # a field every model inherits, unconstrained
