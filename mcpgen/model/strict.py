"""The strict base every model shares."""

from functools import cache
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Strict(BaseModel):
    """camelCase on the wire, snake_case in Python; unknown fields are errors.

    Strict types because Kubernetes is strict: `port: "8080"` would be rejected
    by the API server's CRD validation, so it is rejected here first.
    """

    # Field docstrings are the schema's descriptions, but reading them means reading
    # and parsing this package's source (a third of a cold render): only the commands
    # that generate a schema read them, through `load_field_docs`. defer_build: one
    # validator for the document, built on first use, instead of one per class at import.
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        frozen=True,
        defer_build=True,
    )


M = TypeVar("M", bound="Strict")


# Default factories for `Field(default_factory=...)`, instead of the builtins `list` and
# `dict`: building a validator asks each factory whether it takes the validated data,
# and for a builtin Python answers by tokenizing its text signature (a fifth of the
# document's validator build, over a dozen fields). A Python function has a real one.
def empty_list() -> list[Any]:
    """A new `[]`."""
    return []


def empty_dict() -> dict[Any, Any]:
    """A new `{}`."""
    return {}


def submodel(model: type[M]) -> M:
    """A field whose default is `model` read from `{}`, by the parent's own validator.

    `Field(default_factory=model)` means the same, but calling `model()` builds a
    validator for that class alone (deferred to its first use), and a cold render
    then paid for a dozen of them on top of the document's one.
    """
    return cast(M, Field(default_factory=empty_dict, validate_default=True))


def _models() -> list[type[Strict]]:
    """Every Strict model, parents before children (the order they were defined in)."""
    found: list[type[Strict]] = []
    pending = list(Strict.__subclasses__())
    while pending:
        cls = pending.pop(0)
        if cls not in found:
            found.append(cls)
            pending.extend(cls.__subclasses__())
    return found


@cache
def load_field_docs() -> None:
    """Give each field the description `use_attribute_docstrings=True` would have given it.

    A field takes the docstring under it in the class that declares it; the models
    are then rebuilt so JSON Schema generation sees the descriptions.
    """
    from pydantic._internal._docs_extraction import extract_docstrings_from_cls

    import mcpgen.model  # noqa: F401  (every model class exists once the package is loaded)

    models = _models()
    docs = {cls: extract_docstrings_from_cls(cls, use_inspect=True) for cls in models}
    for cls in models:
        for name, info in cls.model_fields.items():
            if info.description is not None:
                continue
            owner = next(
                (c for c in cls.__mro__ if name in vars(c).get("__annotations__", {})), None
            )
            text = docs.get(owner, {}).get(name) if owner is not None else None
            if text is not None:
                info.description = text
    # A model built before now holds a schema without the descriptions, and a parent's
    # rebuild would reuse it: drop every one first, so each rebuild starts from fields.
    for cls in models:
        if "__pydantic_core_schema__" in cls.__dict__:
            delattr(cls, "__pydantic_core_schema__")
    for cls in models:
        cls.model_rebuild(force=True)
