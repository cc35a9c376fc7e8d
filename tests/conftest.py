"""Settings for the whole suite.

Property tests (hypothesis) have no per-example deadline: the suite runs beside other work on a
two-core CI machine, and a slow example there is not a failure. Speed is measured by benchmarks/,
never by timing in tests.

Pack PDFs are made once per distinct HTML in a run (tests/pdfmemo.py); a test or module marked
`real_pdf` makes every PDF itself.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

import pdfmemo

settings.register_profile("ita-site", deadline=None)
settings.load_profile("ita-site")
_STORE = pytest.StashKey[Path]()


def pytest_configure(config):
    config.addinivalue_line("markers", "real_pdf: make every pack PDF with WeasyPrint (no memo of the run's PDFs)")
    store = Path(tempfile.mkdtemp(prefix="ita-site-test-pdfs-"))
    config.stash[_STORE] = store
    os.environ[pdfmemo.ENV] = str(store)
    pdfmemo.install(store)


def pytest_unconfigure(config):
    store = config.stash.get(_STORE, None)
    if store is not None:                  # the run's PDFs: nothing of the memo outlives the run
        shutil.rmtree(store, ignore_errors=True)


@pytest.fixture(autouse=True)
def _pdf_memo(request):
    pdfmemo.state["on"] = request.node.get_closest_marker("real_pdf") is None
    yield
    pdfmemo.state["on"] = True
