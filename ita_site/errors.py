"""Problems found in content, and the one exception that carries them.

Every expected failure (bad YAML, a schema violation, a missing attachment, a broken link) is a
`Problem` with a location. Stages collect problems and the pipeline raises `BuildError` once, so a
webmaster sees every problem of a build at once. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Exit codes of every command: 0 ok, 1 content problems, 2 usage, 3 output not writable.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


@dataclass(frozen=True)
class Problem:
    """One problem with a place: `path:line:col: ข้อความไทย (English) hint`.

    Problems are listed by place, then by `rank` (e.g. a month's number, so that the missing months of a
    table come in calendar order), then by their text: the same input always gives the same list."""

    path: str
    line: int = 0
    col: int = 0
    th: str = ""
    en: str = ""
    hint: str = ""
    severity: str = field(default="error", compare=False)
    rank: int = field(default=0, compare=False)

    def __lt__(self, other: "Problem") -> bool:
        return self._key() < other._key()

    def _key(self) -> tuple:
        return (self.path, self.line, self.col, self.rank, self.th, self.en, self.hint)

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}"
        return self.path

    def format(self) -> str:
        text = f"{self.location()}: {self.th} ({self.en})"
        if self.severity == "warning":
            text = f"{self.location()}: คำเตือน: {self.th} (warning: {self.en})"
        if self.hint:
            text += f"\n    วิธีแก้ (hint): {self.hint}"
        return text


class BuildError(Exception):
    """Raised once with every error-level problem of a build."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self) -> str:
        lines = [p.format() for p in self.problems]
        count = len(self.problems)
        lines.append(f"พบปัญหา {count} รายการ ยังไม่ได้สร้างเว็บไซต์ และไม่ได้แตะต้อง output/ "
                     f"({count} problem(s); nothing was written)")
        return "\n".join(lines)


class Problems:
    """A collector passed through a stage; `errors()` are what stop the build."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str, line: int, col: int, th: str, en: str, hint: str = "",
            severity: str = "error", rank: int = 0) -> None:
        self.items.append(Problem(path, line, col, th, en, hint, severity, rank))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def raise_if_errors(self) -> None:
        if self.errors():
            raise BuildError(self.errors())
