"""`mcpgen import`: server definitions in the ecosystem's formats in, MCPServer YAML out.

One small module per format (`registry`, `clients`, `operators`), a detector
that picks one from a document's keys (`detect`), the draft every format builds
(`draft`), what a draft becomes on disk (`emit`) and the safe writer (`writer`).
Nothing is returned unless every input is readable: bad input never produces
partial output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from mcpgen.diagnostics import Finding
from mcpgen.importers.detect import NotImportable, importer_for
from mcpgen.importers.draft import Draft, Skip
from mcpgen.importers.files import document, secret_files, spec_file
from mcpgen.importers.source import read_documents
from mcpgen.load.errors import LoadError, problem

__all__ = ["Imported", "import_paths"]


@dataclass(slots=True)
class Imported:
    files: dict[str, str] = field(default_factory=dict)
    """File name in the output folder -> its content."""
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _validate(d: Draft, problems: list[Finding]) -> bool:
    from mcpgen.diagnostics import dotted
    from mcpgen.load.messages import describe
    from mcpgen.load.reader import _data_path
    from mcpgen.model import MCPServer

    data = document(d)
    try:
        MCPServer.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            path = _data_path(error["loc"], data)
            message = describe(dict(error), MCPServer, path)
            problems.append(
                problem(
                    *_split(d.origin), d.raw_name, f"imports as {dotted(path)}, which {message}"
                )
            )
        return False
    return True


def import_paths(paths: list[str]) -> Imported:
    """Every server of every file; LoadError naming file:line:col on any problem."""
    result = Imported()
    problems: list[Finding] = []
    for raw in paths:
        path = None if raw == "-" else Path(raw)
        name = "<stdin>" if path is None else raw
        if path is not None and path.is_dir():
            problems.append(problem(raw, 1, 1, "", "a folder: name the files to import"))
            continue
        if path is not None and not path.exists():
            problems.append(problem(raw, 1, 1, "", "no such file"))
            continue
        try:
            documents = read_documents(name, path)
        except LoadError as exc:
            problems += exc.problems
            continue
        for doc in documents:
            try:
                importer = importer_for(doc)
            except NotImportable as exc:
                result.notes.append(f"{doc.where(())}: skipped: {exc}")
                continue
            except ValueError as exc:
                line, col = doc.at(())
                problems.append(problem(name, line, col, "", str(exc)))
                continue
            for item in importer(doc, problems):
                if isinstance(item, Skip):
                    result.skipped.append(item)
                else:
                    result.drafts.append(item)
    valid = [d for d in result.drafts if _validate(d, problems)]
    owners: dict[str, Draft] = {}
    for d in valid:
        spec_name = f"{d.name}.yaml"
        secrets = secret_files(d)
        secrets_name = f"{d.name}-secrets.yaml" if secrets else None
        for file in (spec_name, secrets_name):
            if file is None:
                continue
            if file in owners:
                first = owners[file]
                problems.append(
                    problem(
                        *_split(d.origin),
                        d.raw_name,
                        f"imports as {file}, which {first.raw_name} ({first.origin}) "
                        "imports as too; import them into different folders",
                    )
                )
            owners[file] = d
        result.files[spec_name] = spec_file(d, secrets_name)
        if secrets and secrets_name:
            result.files[secrets_name] = secrets
    if problems:
        problems.sort(key=lambda p: (p.file, p.line, p.column))
        raise LoadError(problems)
    return result


def _split(origin: str) -> tuple[str, int, int]:
    file, _, line = origin.rpartition(":")
    return file, int(line), 1
