"""The strict base every model shares."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class Strict(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields are errors.

    Strict types because Kubernetes is strict: `port: "8080"` would be rejected
    by the API server's CRD validation, so it is rejected here first.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
    )
