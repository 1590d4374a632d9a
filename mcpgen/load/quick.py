"""ruamel's resolver without its cost: the same answers, no exception per scalar.

ruamel asks which YAML version applies for every scalar it reads, and finds out
by raising and catching AttributeError twice when the C parser is in use: a
third of the time spent reading a manifest. This subclass asks the same
questions in the same order with getattr defaults, so every answer is ruamel's.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_MISSING = object()


@cache
def quick_resolver() -> type[Any]:
    from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
    from ruamel.yaml.resolver import VersionedResolver

    class QuickResolver(VersionedResolver):
        @property
        def processing_version(self) -> Any:
            loadumper = self.loadumper
            scanner = getattr(loadumper, "_scanner", _MISSING)
            version = (
                _MISSING if scanner is _MISSING else getattr(scanner, "yaml_version", _MISSING)
            )
            if version is _MISSING:
                if hasattr(loadumper, "typ"):
                    version = getattr(loadumper, "version", None)
                else:
                    serializer = getattr(loadumper, "_serializer", _MISSING)
                    version = getattr(serializer, "use_version", None)
            if version is None:
                version = self._loader_version
                if version is None:
                    version = _DEFAULT_YAML_VERSION
            return version

    return QuickResolver
