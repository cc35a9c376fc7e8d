"""What a build prints: a summary by default, only problems with --quiet, details with --verbose,
progress on long builds, and colour only on a terminal (NO_COLOR honoured)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sitekit import minimal_files, run, write_site

from ita_site import cli, cli_parser

ANSI = re.compile(r"\x1b\[[0-9;]*m")
STAGE_LINE = re.compile(r"^  \S.*\((load|validate|model|render|check links|write)\): [0-9.]+ วินาที \(s\)$", re.M)
PROGRESS_LINE = re.compile(r"^  สร้างหน้าแล้ว (\d+)/(\d+) หน้า \(rendered \1/\2 pages\)$", re.M)
SUMMARY = re.compile(r"^เสร็จ: (\d+) หน้า, 1 รายการ, 1 ตัวชี้วัด, คำเตือน (\d+); .* วินาที \(done: \1 pages, "
                     r"1 items, 1 indicators, \2 warnings, [0-9.]+ s\)$", re.M)
WARNING_SITE = {"content/site.yaml": minimal_files()["content/site.yaml"] + '  "2565": {catalogue: nacc-2564}\n'}
BROKEN_SITE = {"content/2564/o43/item.yaml": "code: O43\nupdated: 2021-13-45\n"}


def site(tmp_path: Path, overrides: dict | None = None) -> Path:
    return write_site(tmp_path / "site", minimal_files(overrides))


def build(capsys, project: Path, *flags: str, command: str = "build") -> tuple[int, str, str]:
    return run(capsys, command, "--project", str(project), "--output", str(project / "output"), *flags)


@pytest.fixture
def terminal(monkeypatch, capsys):
    """Call it in the test body: capsys's stdout and stderr then look like a terminal."""
    def make() -> None:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm-256color")
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    return make


def test_default_build_prints_one_summary_line_without_colour(capsys, tmp_path):
    code, out, err = build(capsys, site(tmp_path))
    assert code == 0 and err == ""
    assert SUMMARY.search(out) and "เขียน" in out and "written" in out
    assert not STAGE_LINE.search(out) and not PROGRESS_LINE.search(out)     # no progress when piped
    assert not ANSI.search(out)


def test_check_says_checked_and_writes_nothing(capsys, tmp_path):
    project = site(tmp_path)
    code, out, _ = build(capsys, project, command="check")
    assert code == 0 and "ตรวจแล้ว (checked)" in out and not (project / "output").exists()


def test_quiet_prints_nothing_when_all_is_well(capsys, tmp_path):
    assert build(capsys, site(tmp_path), "--quiet") == (0, "", "")


def test_quiet_still_prints_warnings_and_errors(capsys, tmp_path):
    code, out, err = build(capsys, site(tmp_path, WARNING_SITE), "-q")
    assert code == 0 and out == "" and "คำเตือน" in err and "warning" in err and not ANSI.search(err)
    code, out, err = build(capsys, site(tmp_path / "b", BROKEN_SITE), "-q")
    assert code == 1 and out == ""
    assert "content/2564/o43/item.yaml:2:" in err and "nothing was written" in err


def test_verbose_adds_stage_timings_and_click_depths(capsys, tmp_path):
    code, out, _ = build(capsys, site(tmp_path), "--verbose")
    assert code == 0
    assert [m.group(1) for m in STAGE_LINE.finditer(out)] == \
           ["load", "validate", "model", "render", "check links", "write"]
    assert "คลิก (clicks): /2564/o43/" in out and "clicks from the home page to each page" in out
    assert SUMMARY.search(out)


def test_verbose_shows_the_stages_reached_before_a_failure(capsys, tmp_path):
    code, out, err = build(capsys, site(tmp_path, BROKEN_SITE), "-v")
    assert code == 1 and [m.group(1) for m in STAGE_LINE.finditer(out)] == ["load", "validate"]
    assert "2021-13-45" in err


@pytest.mark.parametrize("every", [2, 4])
def test_verbose_reports_progress_every_n_pages(capsys, tmp_path, monkeypatch, every):
    monkeypatch.setattr(cli, "PROGRESS_EVERY", every)
    code, out, _ = build(capsys, site(tmp_path), "-v")
    pages = int(SUMMARY.search(out).group(1))
    done = [int(m.group(1)) for m in PROGRESS_LINE.finditer(out)]
    assert code == 0 and done and done[-1] == pages                       # the last line: all pages
    assert [d // every for d in done] == sorted(set(d // every for d in done))   # one line per step crossed


def test_progress_lines_follow_pages_one_by_one_or_in_batches(capsys, monkeypatch):
    """The renderer reports pages singly or in batches (parallel workers); lines come every N pages."""
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 500)
    progress = cli.Progress(cli.Printer(verbose=True))
    for done in [*range(1, 1001), 1400, 1990, 2100]:
        progress("render", done, 2100)
    lines = PROGRESS_LINE.findall(capsys.readouterr().out)
    assert lines == [("500", "2100"), ("1000", "2100"), ("1990", "2100"), ("2100", "2100")]


def test_quiet_and_verbose_together_is_a_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        build(capsys, site(tmp_path), "--quiet", "--verbose")
    assert exc.value.code == 2


def test_terminal_short_build_has_colour_but_no_progress(capsys, tmp_path, terminal):
    terminal()
    code, out, _ = build(capsys, site(tmp_path))
    assert code == 0 and "\x1b[32m" in out
    assert not STAGE_LINE.search(ANSI.sub("", out)) and not PROGRESS_LINE.search(out)


def test_terminal_long_build_shows_progress_and_stages(capsys, tmp_path, terminal, monkeypatch):
    terminal()
    monkeypatch.setattr(cli, "LONG_BUILD", 3)
    monkeypatch.setattr(cli, "PROGRESS_EVERY", 4)
    code, out, _ = build(capsys, site(tmp_path))
    assert code == 0 and PROGRESS_LINE.search(out)
    assert [m.group(1) for m in STAGE_LINE.finditer(out)] == \
           ["load", "validate", "model", "render", "check links", "write"]
    assert "คลิก (clicks)" not in out                                        # depths only with --verbose


def test_terminal_problems_are_red_and_warnings_yellow(capsys, tmp_path, terminal):
    terminal()
    _, _, err = build(capsys, site(tmp_path, BROKEN_SITE))
    assert err.startswith("\x1b[31m")
    _, _, err = build(capsys, site(tmp_path / "w", WARNING_SITE))
    assert err.startswith("\x1b[33m")


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminals_get_plain_text(capsys, tmp_path, terminal, monkeypatch, env):
    terminal()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = build(capsys, site(tmp_path))
    _, _, err = build(capsys, site(tmp_path / "b", BROKEN_SITE))
    assert out and err and not ANSI.search(out + err)


def test_every_command_in_the_thai_guide_is_accepted(monkeypatch):
    """The guide's commands must keep working as the CLI changes (parsed, not run)."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "guide-th.md").read_text(encoding="utf-8")
    shell = [line.strip() for block in re.findall(r"```sh\n(.*?)```", guide, re.S) for line in block.splitlines()]
    commands = [line for line in shell if line.startswith("ita-site ")] + re.findall(r"^\| `(ita-site [^`]+)`", guide, re.M)
    commands = [c for c in commands if "--help" not in c]
    assert len(commands) >= 12
    parser = cli_parser.parser()
    for command in commands:
        argv = command.split()[1:]
        if argv and argv[0] not in cli_parser.COMMANDS:
            argv.insert(0, "build")
        parser.parse_args(argv)            # a usage error raises SystemExit and fails the test


def test_every_option_of_every_command_has_help_text():
    import argparse

    parser = cli_parser.parser()
    missing = []
    commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)][0]
    seen = set()

    def walk(name, sub):
        if id(sub) in seen:
            return
        seen.add(id(sub))
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child, child_parser in action.choices.items():
                    walk(f"{name} {child}", child_parser)
            elif not isinstance(action, argparse._HelpAction) and action.help is None:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")

    for name, sub in commands.choices.items():
        walk(name, sub)
    assert "serve" in commands.choices and "import" in commands.choices
    assert missing == []
