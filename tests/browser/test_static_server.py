"""The test server behaves like a static host: /dir/ -> index.html, 404.html for missing paths."""

from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from .conftest import BROKEN_A11Y


def _get(url):
    try:
        with urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_directory_url_serves_its_index(broken_server):
    status, body = _get(broken_server.url("/control/"))
    assert status == 200
    assert "Control page" in body


@pytest.mark.parametrize("path", ["/no-such-page/", "/missing.html", "/broken_a11y/"])
def test_missing_path_gets_404_page_with_status_404(broken_server, path):
    status, body = _get(broken_server.url(path))
    assert status == 404
    assert "Page not found" in body


def test_site_is_served_under_its_base_path(serve):
    server = serve(BROKEN_A11Y, "/ita/")
    assert server.url("/control/").endswith("/ita/control/")
    assert _get(server.url("/control/"))[0] == 200
    assert _get(server.base_url + "/ita")[0] == 200  # redirected to /ita/ (its index)
    status, body = _get(server.base_url + "/control/")
    assert status == 404 and "Page not found" in body
