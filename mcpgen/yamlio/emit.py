"""Parse template output back and emit it as block YAML in one stable style.

kubectl's style: two-space mappings, sequences flush with their key. Strings
that a YAML 1.1 reader (Kubernetes' sigs.k8s.io/yaml, go-yaml v2) would take for
a bool, number or null are double-quoted, so `yes`, `0755` and `null` survive.

ruamel (`_dumper`, `_loader`) defines the output; `fast` reproduces it byte for
byte at a fraction of the cost, and hands ruamel whatever it was not built for.
"""

from __future__ import annotations

import io
import re
from functools import cache, lru_cache
from typing import Any

_STR_TAG = "tag:yaml.org,2002:str"
# Control characters, and the ones YAML 1.1 reads as line breaks: only the
# double-quoted style can escape them.
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@cache
def _resolvers() -> tuple[Any, Any]:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    return VersionedResolver(version=(1, 1)), ScalarNode


@lru_cache(maxsize=8192)  # the same labels and keys recur in every document
def _ambiguous(value: str) -> bool:
    resolver, scalar_node = _resolvers()
    return bool(resolver.resolve(scalar_node, value, (True, False)) != _STR_TAG)


@cache
def _loader() -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe")


@cache
def _dumper() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import SafeRepresenter

    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.width = 1 << 16  # never fold long values: a GitOps diff should show one line
    yaml.indent(mapping=2, sequence=2, offset=0)
    # Keep the templates' key order (ruamel's annotation says the attribute is always None).
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]

    def represent_str(representer: SafeRepresenter, data: str) -> Any:
        style: str | None = '"' if _NEEDS_ESCAPE.search(data) or _ambiguous(data) else None
        if style is None and "\n" in data and data == data.strip(" ") and "\t" not in data:
            style = "|"
        return representer.represent_scalar(_STR_TAG, data, style=style)

    yaml.representer.add_representer(str, represent_str)
    return yaml


def parse(text: str) -> Any:
    return _loader().load(text)


def read_template_output(text: str) -> Any:
    """One template's text as data: what `parse` returns, read faster where it can be."""
    from mcpgen.yamlio.fast import Unsupported, read_templated

    try:
        return read_templated(text)
    except Unsupported:
        return parse(text)


def dump(document: Any) -> str:
    from mcpgen.yamlio.fast import Unsupported, emit

    try:
        return emit(document)
    except Unsupported:
        return ruamel_dump(document)


def ruamel_dump(document: Any) -> str:
    """The reference output: what `dump` must equal, byte for byte."""
    buffer = io.StringIO()
    _dumper().dump(document, buffer)
    return buffer.getvalue()


def parse_all(text: str) -> list[Any]:
    return list(_loader().load_all(text))
