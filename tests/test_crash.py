"""The top-level handler: a bug gives a short report, exit code 70 and a logged traceback, never a
Python traceback on the terminal or in serve's preview."""

from __future__ import annotations

import re
from pathlib import Path

from ita_site import cli, crash, pipeline
from sitekit import minimal_files, write_site


def _boom(*_args, **_kwargs):
    crash.at("content/2564/o43/item.yaml")
    raise RuntimeError("a bug")


def test_an_unexpected_exception_is_a_short_report_with_a_log(capsys, tmp_path, monkeypatch):
    project = write_site(tmp_path / "site", minimal_files())
    monkeypatch.setattr(pipeline, "build_site", _boom)
    code = cli.main(["build", "--project", str(project)])
    err = capsys.readouterr().err
    assert code == crash.EXIT_INTERNAL == 70
    assert "Traceback" not in err
    assert err.startswith("content/2564/o43/item.yaml: เกิดข้อผิดพลาดภายในโปรแกรม ita-site")
    assert "(internal error while processing this file: RuntimeError)" in err
    log = Path(re.search(r"full traceback in (\S+)\)", err).group(1))
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: a bug" in text and not log.is_relative_to(tmp_path)
    log.unlink()
    assert not (project / "output").exists()


def test_a_bug_during_serves_rebuild_names_the_file_and_logs_the_traceback(tmp_path, monkeypatch):
    """serve keeps running and shows the same short report as `build` on the terminal and in place of
    every preview page: the file being processed and the log file, never the traceback itself."""
    from ita_site.preview import incremental, serve

    project = write_site(tmp_path / "site", minimal_files())
    said = []

    class Printer:
        info = problem = staticmethod(said.append)

    assert serve.rebuild(project, None, Printer) is True
    monkeypatch.setattr(incremental.Rebuilder, "rebuild", _boom)
    try:
        assert serve.rebuild(project, None, Printer) is False
    finally:
        serve._REBUILDERS.clear()
    message = next(m for m in said if "เกิดข้อผิดพลาดภายใน" in m)   # serve's search index may report after it
    assert message.startswith("content/2564/o43/item.yaml: เกิดข้อผิดพลาดภายใน ita-site ระหว่างสร้างตัวอย่าง: "
                              "RuntimeError: a bug")
    assert "Traceback" not in message and "an unexpected error in ita-site during the rebuild" in message
    log = Path(re.search(r"full traceback in (\S+)\)", message).group(1))
    assert "Traceback" in log.read_text(encoding="utf-8") and not log.is_relative_to(tmp_path)
    log.unlink()
    page = (serve.preview_dir(project) / "2564/o43/index.html").read_text(encoding="utf-8")
    assert "content/2564/o43/item.yaml: เกิดข้อผิดพลาดภายใน" in page and str(log) in page
    assert "Traceback" not in page
