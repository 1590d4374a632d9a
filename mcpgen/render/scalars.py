"""The one filter every template value passes through.

Values are written as JSON, which is valid YAML flow syntax: a string becomes a
double-quoted scalar with every quote, newline and control character escaped,
so no value can open a key, a document or a tag. The output is then parsed back
and emitted again, so what users read is plain block YAML.
"""

from __future__ import annotations

import json
import re
from typing import Any

# Characters YAML does not allow raw in a stream, or reads as line breaks in
# YAML 1.1 (NEL, LS, PS): escaped so the value round-trips exactly.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def to_yaml(value: Any) -> str:
    return _UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False, sort_keys=False))
