"""The one entry point: read everything, check schemas, the model and the policy, report.

Policy runs over every resource of the run at once, because a Deployment, its
Service, its PodDisruptionBudget and its Ingress usually live in different files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from mcpgen.diagnostics import SEVERITY_RANK, Finding
from mcpgen.load.errors import cut
from mcpgen.load.limits import MAX_FINDINGS_PER_FILE
from mcpgen.validate.manifests import Resource, Source, read_paths, read_text
from mcpgen.validate.model_check import check_model, is_mcpserver
from mcpgen.validate.policy import check_workload
from mcpgen.validate.report import Report
from mcpgen.validate.schema_check import Result, SchemaChecker
from mcpgen.validate.schema_registry import (
    DEFAULT_KUBERNETES_VERSION,
    SchemaLocation,
    SchemaRegistry,
)
from mcpgen.validate.workloads import Manifests

Validator = Literal["embedded", "kubeconform"]


@dataclass(frozen=True, slots=True)
class Options:
    kubernetes_version: str = DEFAULT_KUBERNETES_VERSION
    ignore_missing_schemas: bool = False
    validator: Validator = "embedded"
    policy: bool = True
    skip: frozenset[str] = frozenset()  # finding codes not to report (`--skip POL017`)
    schema_locations: tuple[SchemaLocation, ...] = ()  # `--schema-location`, in order


IGNORE_ANNOTATION = "mcpgen.io/ignore"


def _ignored_by_annotation(resources: list[Resource]) -> dict[tuple[str, str], frozenset[str]]:
    """(file, resource) -> the codes its `mcpgen.io/ignore: CODE[,CODE]` annotation names."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for resource in resources:
        meta = resource.data.get("metadata") if isinstance(resource.data, dict) else None
        notes = meta.get("annotations") if isinstance(meta, dict) else None
        value = notes.get(IGNORE_ANNOTATION) if isinstance(notes, dict) else None
        if isinstance(value, str):
            codes = frozenset(c.strip().upper() for c in value.split(",") if c.strip())
            found[(resource.file, str(resource.signature))] = codes
    return found


def _schema_results(
    sources: list[Source], resources: list[Resource], options: Options, registry: SchemaRegistry
) -> list[Result]:
    if options.validator == "kubeconform":
        from mcpgen.validate.kubeconform import run_kubeconform

        # kubeconform reads the files itself: never hand it one mcpgen refused to read.
        readable = [s for s in sources if not any(p.code == "YML002" for p in s.problems)]
        return run_kubeconform(readable, registry, options.ignore_missing_schemas)
    checker = SchemaChecker(registry, ignore_missing=options.ignore_missing_schemas)
    return [checker.check(resource) for resource in resources]


def _with_model(result: Result) -> Result:
    """MCPServer documents also go through the model; its messages say more, so where
    both complain about one line only the model's finding stays."""
    model = check_model(result.resource)
    if not model:
        return result
    lines = {f.line for f in model}
    kept = [f for f in result.findings if f.line not in lines]
    return Result(result.resource, "invalid", sorted([*kept, *model], key=lambda f: f.sort_key))


def _status(result: Result, policy: list[Finding]) -> str:
    if result.status in ("error", "skipped", "invalid"):
        return result.status
    return "invalid" if any(f.severity == "error" for f in policy) else "valid"


def _bounded(findings: list[Finding], report: Report) -> list[Finding]:
    """At most MAX_FINDINGS_PER_FILE findings of each file, each of bounded length: what a
    425-byte file makes validate print must not be megabytes. The rest are counted in
    the summary, and one closing finding per file says how many and how bad."""
    kept: list[Finding] = []
    per_file: Counter[str] = Counter()
    dropped: dict[str, list[Finding]] = {}
    for f in findings:
        if per_file[f.file] >= MAX_FINDINGS_PER_FILE:
            dropped.setdefault(f.file, []).append(f)
            continue
        per_file[f.file] += 1
        kept.append(
            replace(
                f,
                resource=cut(f.resource, 200),
                message=cut(f.message),
                fix=cut(f.fix),
                field=cut(f.field, 200),
            )
        )
    for file, rest in dropped.items():
        worst = max(rest, key=lambda f: SEVERITY_RANK[f.severity])
        report.hidden.update(f.severity for f in rest)
        report.hidden[worst.severity] -= 1  # the closing finding stands for one of them
        kept.append(
            Finding(
                worst.code,
                worst.severity,
                f"{len(rest)} more findings in this file are not shown "
                f"(MAX_FINDINGS_PER_FILE = {MAX_FINDINGS_PER_FILE})",
                fix="fix the findings above and run again",
                file=file,
                line=rest[-1].line,
            )
        )
    return sorted(kept, key=lambda f: f.sort_key) if dropped else kept


def validate_sources(
    sources: list[Source], options: Options = Options(), unreadable: Iterable[Finding] = ()
) -> Report:
    registry = SchemaRegistry(options.kubernetes_version, locations=options.schema_locations)
    report = Report(files=[s.name for s in sources], findings=list(unreadable))
    report.unreadable = bool(report.findings)
    resources = [r for s in sources for r in s.resources]
    for source in sources:
        report.findings.extend(source.problems)
        report.statuses["error"] += len(source.problems)
        # A file refused before parsing is unread input, like one that cannot be opened.
        report.unreadable |= any(p.code == "YML002" for p in source.problems)
    results = _schema_results(sources, resources, options, registry)
    results = [_with_model(r) if is_mcpserver(r.resource) else r for r in results]
    annotated = _ignored_by_annotation(resources)

    def kept(finding: Finding) -> bool:
        """False for a finding silenced by --skip or by its object's annotation (counted)."""
        if finding.code in options.skip:
            report.suppressed["--skip"] += 1
            return False
        if finding.code in annotated.get((finding.file, finding.resource), ()):
            report.suppressed[IGNORE_ANNOTATION] += 1
            return False
        return True

    policy: dict[tuple[str, str], list[Finding]] = {}
    if options.policy:
        for workload in Manifests(resources).workloads():
            for finding in check_workload(workload):
                if kept(finding):
                    policy.setdefault((finding.file, finding.resource), []).append(finding)
    for result in results:
        shown = [f for f in result.findings if kept(f)]
        report.findings.extend(shown)
        own = policy.get((result.resource.file, str(result.resource.signature)), [])
        if result.status in ("invalid", "error") and result.findings and not shown:
            # Every finding silenced: checked and taken as is, or (no schema) not checked.
            result = Result(result.resource, "valid" if result.status == "invalid" else "skipped")
        report.statuses[_status(result, own)] += 1
    report.findings.extend(f for found in policy.values() for f in found)
    report.findings.sort(key=lambda f: f.sort_key)
    report.findings = _bounded(report.findings, report)
    return report


def validate_paths(paths: Iterable[str], options: Options = Options()) -> Report:
    """Validate files, directories, globs and - (stdin)."""
    sources, unreadable = read_paths(paths)
    return validate_sources(sources, options, unreadable)


def validate_text(text: str, name: str = "<text>", options: Options = Options()) -> Report:
    return validate_sources([read_text(text, name)], options)
