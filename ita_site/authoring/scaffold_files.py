"""Files for scaffolding: render templates, check texts against the schemas, write without overwriting.

Also the one surgical text edit scaffolding makes: adding a fiscal year to site.yaml while keeping its
comments, line endings and byte-order mark.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from ita_site import thai
from ita_site.content import load, source, validate, yamldoc
from ita_site.errors import EXIT_PROBLEMS, EXIT_USAGE, Problems  # noqa: F401 - scaffold.py takes EXIT_USAGE from here
from ita_site.content.load import RawDoc

TEMPLATES = Path(__file__).parents[1] / "templates_scaffold"
SCHEMAS = Path(__file__).parents[1] / "schemas"


class ScaffoldError(Exception):
    """An expected refusal: Thai and English message, a hint, and the exit code (1 problem, 2 usage)."""

    def __init__(self, th: str, en: str, hint: str = "", code: int = EXIT_PROBLEMS, details: list[str] = ()):
        super().__init__(en)
        self.th, self.en, self.hint, self.code, self.details = th, en, hint, code, list(details)

    def format(self) -> str:
        text = "\n".join(self.details + [f"ita-site new: {self.th} ({self.en})"])
        return text + (f"\n    วิธีแก้ (hint): {self.hint}" if self.hint else "")


@dataclass
class Outcome:
    files: list[tuple[Path, str]] = field(default_factory=list)   # new files and their text
    site_yaml: str | None = None                                   # new text of content/site.yaml
    notes: list[str] = field(default_factory=list)


def add_year_entry(text: str, fy: int, catalogue_name: str | None) -> str:
    """`text` of site.yaml with `years: "<fy>"` added, comments and everything else untouched."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^years:[ \t]*(\{\s*\})?[ \t]*(#.*)?$", line)), None)
    if start is not None:
        lines[start] = re.sub(r"^years:[ \t]*\{\s*\}", "years:", lines[start])
    else:
        if re.search(r"^years[ \t]*:", text, re.M):
            raise ScaffoldError("เพิ่มปีใน site.yaml ให้อัตโนมัติไม่ได้ (years เขียนแบบบรรทัดเดียว)",
                                "cannot add the year to site.yaml automatically (years is written inline)",
                                f'แก้เอง / edit by hand: years: แล้วบรรทัดถัดไป   "{fy}": {{}}')
        return text.rstrip("\n") + "\n" + "\n".join(["years:"] + _entry_lines(fy, catalogue_name, 2)) + "\n"
    last, indent = start, 0
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line[:1] in (" ", "\t") and line.strip():
            last, indent = i, indent or len(line) - len(line.lstrip(" "))
        elif line.strip() and not line.startswith("#"):
            break
    return "\n".join(lines[:last + 1] + _entry_lines(fy, catalogue_name, indent or 2) + lines[last + 1:])


def _entry_lines(fy: int, name: str | None, indent: int) -> list[str]:
    pad = " " * indent
    if name:
        return [f'{pad}"{fy}":', f"{pad}{pad}catalogue: {name}"]
    return [f'{pad}"{fy}": {{}}  # ยังไม่มีบัญชีรายการของปีนี้ (no catalogue for this year yet)']


def read_doc(path: Path, rel: str, kind: str) -> RawDoc:
    problems = Problems()
    text = source.read_text(path, rel, problems)
    parsed = yamldoc.parse(text, rel, problems) if text is not None else None
    docs = validate.check_documents([RawDoc(rel, kind, parsed[0], parsed[1])], problems) if parsed else []
    if problems.errors() or not docs:
        raise ScaffoldError(f"แก้ปัญหาใน {rel} ก่อน", f"fix {rel} first", details=[p.format() for p in problems.errors()])
    return docs[0]


def site_digits(project: Path) -> str:
    """site.yaml's `digits:`: thai (๐-๙) or arabic; without it, or without site.yaml, the schema's default
    (thai), as the build reads it. Scaffolded placeholders are written in these digits."""
    path = project / "content" / "site.yaml"
    found = read_doc(path, "content/site.yaml", "site").data.get("digits") if path.is_file() else None
    return found or "thai"


def render(template: str, fields: dict, path: Path | None = None) -> str:
    if path is not None:   # the schema, relative to the file: `# yaml-language-server: $schema=...`
        fields = dict(fields, schema=schema_ref(path, template.split(".")[0]))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters.update(yq=yaml_scalar, commented=_commented, digits=thai.to_digits)
    return env.get_template(template).render(**fields).rstrip("\n") + "\n"


def schema_ref(path: Path, kind: str) -> str:
    """The schema path as the editor resolves it (relative to the file). A site kept in a copy of the
    ita-site repository points at its own ita_site/schemas/, so the link works on every clone."""
    for parent in path.parents:
        if (parent / "content").is_dir() and path.is_relative_to(parent / "content"):
            own = parent / "ita_site" / "schemas" / f"{kind}.schema.json"
            target = own if own.is_file() else SCHEMAS / f"{kind}.schema.json"
            return Path(os.path.relpath(target, path.parent)).as_posix()
    return Path(os.path.relpath(SCHEMAS / f"{kind}.schema.json", path.parent)).as_posix()


def yaml_scalar(value, indent: int = 2) -> str:
    """One YAML value to put after `key: `: a literal block for multi-line text, else a flow scalar."""
    if isinstance(value, str) and "\n" in value.rstrip("\n") and value[:1] not in (" ", "\t", "\n"):
        chomp = "+" if value.endswith("\n\n") else "" if value.endswith("\n") else "-"
        pad = " " * indent
        return f"|{chomp}\n" + "\n".join(pad + line if line else "" for line in value.rstrip("\n").split("\n"))
    dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"))
    if dumped.startswith("'") or "\n" in str(value):   # double quotes, as in the shipped content
        dumped = yaml.safe_dump(value, allow_unicode=True, width=float("inf"), default_style='"')
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


class _IndentedDumper(yaml.SafeDumper):
    """Lists indented under their key (`  - title: ...`), as in the shipped content."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _commented(documents: list[dict]) -> str:
    dumped = yaml.dump({"documents": documents}, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False,
                       width=float("inf"))
    return "\n".join("# " + line for line in dumped.rstrip("\n").split("\n"))


def apply(project: Path, outcome: Outcome) -> list[str]:
    """Check every text, refuse any overwrite, then write. Returns the messages to print."""
    for path, text in outcome.files:
        if path.exists():
            rel = relpath(project, path)
            raise ScaffoldError(f"มีไฟล์ {rel} อยู่แล้ว ไม่เขียนทับ", f"{rel} already exists; nothing was written",
                                "แก้ไฟล์เดิม หรือย้ายออกก่อน / edit that file, or move it away first")
        if path.suffix == ".yaml":
            check_text(text, project, path)
    if outcome.site_yaml is not None:
        check_text(outcome.site_yaml, project, project / "content" / "site.yaml")
    messages = []
    for path, text in outcome.files:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        messages.append(f"เขียน (wrote) {relpath(project, path)}")
    if outcome.site_yaml is not None:
        _replace_site_yaml(project / "content" / "site.yaml", outcome.site_yaml)
        messages.append("แก้ไข (updated) content/site.yaml")
    return messages + outcome.notes


def check_text(text: str, project: Path, path: Path) -> None:
    """Parse and validate a text before it is written (a failure here is a bug in scaffolding)."""
    rel = relpath(project, path)
    kind = load.classify(path.relative_to(project / "content").parts)
    rows = re.match(r"# yaml-language-server: \$schema=\S*?(rows-[a-z]+)\.schema\.json", text)
    if kind == "attachment" and rows:         # rows/<period>.yaml of a table item: its kind's schema
        kind = rows.group(1)
    problems = Problems()
    parsed = yamldoc.parse(text, rel, problems)
    if parsed:
        validate.check_documents([RawDoc(rel, kind, parsed[0], parsed[1])], problems)
    if problems.errors():
        raise ScaffoldError(f"ข้อความที่จะเขียนลง {rel} ไม่ผ่านการตรวจ จึงไม่ได้เขียนไฟล์ใด",
                            f"the text for {rel} did not validate; nothing was written",
                            details=[p.format() for p in problems.errors()])


def _replace_site_yaml(path: Path, text: str) -> None:
    raw = path.read_bytes()
    if b"\r\n" in raw:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b"") + text.encode("utf-8")
    temp = path.with_name(f".{path.name}.new")
    temp.write_bytes(data)
    os.replace(temp, path)


def relpath(project: Path, path: Path) -> str:
    return path.relative_to(project).as_posix()
