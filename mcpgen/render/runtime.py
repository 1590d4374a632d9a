"""What the templates' Jinja-compiled code calls, without importing Jinja.

`mcpgen_dev.compiled_templates` compiles every template in `templates/` with the
environment of `mcpgen.render.templating` and writes Jinja's own generated code to
`mcpgen/render/compiled/`, importing from this module instead of `jinja2.runtime`.
Importing Jinja costs about a tenth of a cold `mcpgen render`, and a render needs only
the handful of names below: a context that resolves `plan`, attribute-then-item lookup,
strict undefined values, the `y` filter and the `none` test. The generator refuses
templates whose code needs more, and a test renders every golden and generated spec
both ways and compares the bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from mcpgen.render.scalars import to_yaml


class TemplateRuntimeError(Exception):
    """A template used what the compiled runtime does not offer."""


class UndefinedError(TemplateRuntimeError):
    """A template used a value the plan does not hold (Jinja's StrictUndefined)."""


class _Missing:
    """The runtime's marker for "no such variable", as Jinja's `missing`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "missing"


missing: Any = _Missing()


class Undefined:
    """Jinja's StrictUndefined: anything but an identity test or the `none` test fails."""

    __slots__ = ("_name",)

    def __init__(
        self, hint: str | None = None, obj: Any = missing, name: str | None = None, exc: Any = None
    ) -> None:
        self._name = name if name is not None else (hint or "a value")

    def _fail(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise UndefinedError(f"{self._name!r} is undefined")

    __str__ = __iter__ = __len__ = __bool__ = __call__ = __getitem__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __contains__ = _fail
    __add__ = __radd__ = __hash__ = __int__ = __float__ = _fail

    def __getattr__(self, name: str) -> NoReturn:
        self._fail()


def _unsupported(what: str) -> Callable[..., NoReturn]:
    def fail(*args: Any, **kwargs: Any) -> NoReturn:
        raise TemplateRuntimeError(f"{what} is not supported by mcpgen's compiled templates")

    return fail


# Names Jinja's generated code imports; these would mean features the templates do not
# use (loops with `loop`, macros, autoescape, namespaces, includes), and fail if called.
LoopContext = _unsupported("the loop variable")
Macro = _unsupported("a macro")
Markup = _unsupported("Markup")
Namespace = _unsupported("namespace()")
TemplateNotFound = _unsupported("include and import")
TemplateReference = _unsupported("self")
escape = _unsupported("autoescape")
markup_join = _unsupported("autoescape")


def identity(value: Any) -> Any:
    return value


def internalcode(function: Any) -> Any:
    return function


def str_join(seq: Iterable[Any]) -> str:
    return "".join(map(str, seq))


class Environment:
    """The parts of a Jinja Environment that compiled code reads."""

    undefined = Undefined
    concat = staticmethod("".join)
    filters: dict[str, Callable[[Any], Any]] = {"y": to_yaml}  # noqa: RUF012
    tests: dict[str, Callable[[Any], bool]] = {"none": lambda value: value is None}  # noqa: RUF012

    def getattr(self, obj: Any, attribute: str) -> Any:
        """An attribute, else an item, else undefined: Jinja's `Environment.getattr`."""
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


environment = Environment()


class Context:
    """A render's variables: what the template sets, then what the caller passed."""

    __slots__ = ("exported_vars", "parent", "vars")

    def __init__(self, parent: dict[str, Any]) -> None:
        self.parent = parent
        self.vars: dict[str, Any] = {}
        self.exported_vars: set[str] = set()

    def resolve_or_missing(self, key: str) -> Any:
        if key in self.vars:
            return self.vars[key]
        return self.parent.get(key, missing)

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)


# What the generator accepts in compiled code, besides plain Python.
UNSUPPORTED = frozenset(
    {"LoopContext", "Macro", "Markup", "Namespace", "TemplateNotFound", "TemplateReference"}
    | {"escape", "markup_join"}
)
IMPORTED = UNSUPPORTED | {"TemplateRuntimeError", "Undefined", "identity", "internalcode"}
IMPORTED |= {"missing", "str_join"}
ENVIRONMENT_READS = frozenset(("undefined", "concat", "filters", "tests", "getattr"))
CONTEXT_READS = frozenset(("resolve_or_missing", "vars", "exported_vars", "call"))
