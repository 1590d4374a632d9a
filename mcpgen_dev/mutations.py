"""Hand mutations the tests must kill: `python -m mcpgen_dev.mutations`.

Each mutation weakens one reader or rule (a provider's affinity reader, a selector
operator, a duration judgement); the tests under `tests/validate` must fail with it in
place. The file is restored after each run, also on Ctrl-C. Run it on a clean tree: it
edits the checkout's own files for the length of one pytest run each.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICY = "mcpgen/validate/provider_policy.py"
WORKLOADS = "mcpgen/validate/workloads.py"
ROUTE_PINS = (
    'found.get(f"{_ROUTE}balance") == "source" or found.get(f"{_ROUTE}disable_cookies") != "true"'
)
NOT_IN = 'if op == "NotIn" and key in labels and labels[key] in values:'

# (file, text, replacement)
MUTATIONS: tuple[tuple[str, str, str], ...] = (
    (POLICY, ROUTE_PINS, 'found.get(f"{_ROUTE}balance") == "source"'),
    (POLICY, ROUTE_PINS, "True"),
    (
        POLICY,
        '        == "true"\n    ),\n    affinity_fix=f\'set {_ALB}',
        '        != "true"\n    ),\n    affinity_fix=f\'set {_ALB}',
    ),
    (POLICY, 'in ("CLIENT_IP", "GENERATED_COOKIE")', 'in ("CLIENT_IP",)'),
    (POLICY, 'in ("CLIENT_IP", "GENERATED_COOKIE")', 'in ("GENERATED_COOKIE",)'),
    (
        POLICY,
        '.get(f"{_HAPROXY}load-balance", "").startswith("source")',
        '.get(f"{_HAPROXY}load-balance", "") == "x"',
    ),
    (POLICY, 'or f"{_HAPROXY}cookie-persistence" in annotations_of(r)', ""),
    (
        POLICY,
        'affinity=lambda r: any("sessionPersistence" in rule for rule in _route_rules(r))',
        "affinity=lambda r: False",
    ),
    (
        POLICY,
        "_above(gateway_api_rules.seconds, STREAM_TIMEOUT_FLOOR, zero_ok=True)",
        "_above(gateway_api_rules.seconds, STREAM_TIMEOUT_FLOOR)",
    ),
    (WORKLOADS, NOT_IN, 'if op == "NotIn" and labels[key] in values:'),
    (WORKLOADS, NOT_IN, 'if op == "NotIn" and key in labels:'),
    (
        WORKLOADS,
        'if op == "DoesNotExist" and key in labels:',
        'if op == "DoesNotExist" and key not in labels:',
    ),
)


def killed(file: str, text: str, replacement: str) -> bool | None:
    """True: a test failed with the mutation in place; None: the text is gone from the file."""
    path = ROOT / file
    original = path.read_text()
    if text not in original:
        return None
    path.write_text(original.replace(text, replacement, 1))
    try:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "tests/validate",
            ],
            cwd=ROOT,
            capture_output=True,
            timeout=900,
        )
    finally:
        path.write_text(original)
    return run.returncode != 0


def main() -> None:
    survived = 0
    for file, text, replacement in MUTATIONS:
        verdict = killed(file, text, replacement)
        label = {True: "killed", False: "SURVIVED", None: "GONE"}[verdict]
        survived += verdict is not True
        print(f"{label:8} {file}: {text[:50]!r} -> {replacement[:30]!r}")
    print(f"{len(MUTATIONS) - survived} of {len(MUTATIONS)} killed")
    raise SystemExit(1 if survived else 0)


if __name__ == "__main__":
    main()
