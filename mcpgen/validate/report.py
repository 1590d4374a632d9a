"""One run's outcome: every finding, each resource's status, and the summary counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from mcpgen.diagnostics import Finding

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    resources: int
    valid: int
    invalid: int
    errors: int  # kubeconform's "errors": no schema, not an object
    skipped: int
    by_severity: dict[str, int]
    # Findings silenced, by what silenced them: "--skip" or "mcpgen.io/ignore".
    suppressed: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        severities = (
            ", ".join(n(self.by_severity.get(s, 0), s) for s in ("error", "warning"))
            + f", {self.by_severity.get('info', 0)} info"
        )
        return (
            f"Summary: {n(self.resources, 'resource')} found in {n(self.files, 'file')} - "
            f"Valid: {self.valid}, Invalid: {self.invalid}, Errors: {self.errors}, "
            f"Skipped: {self.skipped} - findings: {severities}"
            + "".join(f", {n} silenced by {how}" for how, n in sorted(self.suppressed.items()))
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "resources": self.resources,
            "valid": self.valid,
            "invalid": self.invalid,
            "errors": self.errors,
            "skipped": self.skipped,
            "findings": {s: self.by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "suppressed": {
                "skip": self.suppressed.get("--skip", 0),
                "annotation": self.suppressed.get("mcpgen.io/ignore", 0),
            },
        }


@dataclass(slots=True)
class Report:
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    unreadable: bool = False
    hidden: Counter[str] = field(default_factory=Counter)  # severities of findings not kept
    suppressed: Counter[str] = field(default_factory=Counter)  # silenced, by how

    def summary(self) -> Summary:
        return Summary(
            files=len(self.files),
            resources=sum(self.statuses.values()),
            valid=self.statuses["valid"],
            invalid=self.statuses["invalid"],
            errors=self.statuses["error"],
            skipped=self.statuses["skipped"],
            by_severity=dict(Counter(f.severity for f in self.findings) + self.hidden),
            suppressed=dict(self.suppressed),
        )

    def exit_code(self, fail_on: str) -> int:
        if self.unreadable:
            return EXIT_UNREADABLE
        if any(f.at_least(fail_on) for f in self.findings):
            return EXIT_FINDINGS
        return EXIT_CLEAN
