"""The web server's doors: every response of `python -m dashboard serve` carries the security headers."""

from __future__ import annotations

import base64
import os
import re
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from dashboard.views.wall.config import WallConfig
from dashboard.views.wall.css import watchdog_script
from dashboard.web.security_headers import content_security_policy, inline_script_hashes, script_hash
from tests.browser.conftest import AppServer, start_server, stop_server

EXPECTED = {
    "x-frame-options": "SAMEORIGIN",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A real server on a free port, started as the browser tests start it (no seeding: headers only)."""
    started = start_server(tmp_path_factory.mktemp("headers"), seed=False)
    yield started
    stop_server(started)


def _get(url: str) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def _websocket_handshake(url: str) -> dict[str, str]:
    """The headers of the server's answer to a websocket upgrade of Streamlit's stream."""
    parts = urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Protocol: streamlit\r\nOrigin: {url}\r\n\r\n"
            ).encode()
        )
        raw = b""
        while b"\r\n\r\n" not in raw:
            chunk = sock.recv(4096)
            if not chunk:
                break
            raw += chunk
    status, *lines = raw.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    assert " 101 " in status, status
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}


def _check(headers: dict[str, str]) -> None:
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, (name, headers)
    directives = [d.strip().split(" ", 1) for d in headers["content-security-policy"].split(";")]
    policy = {d[0]: d[1] if len(d) > 1 else "" for d in directives}
    assert policy["frame-ancestors"] == "'self'"
    assert policy["connect-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    script_src = policy["script-src"].split()
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert script_hash(_WATCHDOG_BODY) in script_src  # the wall's own script, by its hash


_WATCHDOG_BODY = re.findall(r"<script>(.*)</script>", watchdog_script(WallConfig()), re.DOTALL)[0]


@pytest.mark.parametrize("path", ["/", "/wall", "/_stcore/health", "STATIC", "/_stcore/no-such-thing"])
def test_every_response_carries_the_security_headers(server: AppServer, path: str) -> None:
    if path == "STATIC":  # a hashed asset named by the page, served from Streamlit's static folder
        _, page = _get(f"{server.url}/")
        found = re.search(rb'src="\./(static/js/[^"]+\.js)"', page)
        assert found is not None
        path = "/" + found[1].decode()
    try:
        headers, _ = _get(server.url + path)
    except urllib.error.HTTPError as refused:  # a 404 is a response too
        headers = {k.lower(): v for k, v in refused.headers.items()}
    _check(headers)


def test_the_websocket_handshake_carries_the_security_headers(server: AppServer) -> None:
    _check(_websocket_handshake(server.url))


def test_streamlits_own_inline_script_is_allowed_by_hash(server: AppServer) -> None:
    headers, page = _get(f"{server.url}/")
    hashes = inline_script_hashes(page.decode("utf-8"))
    assert hashes  # index.html sets window.prerenderReady inline
    assert all(h in headers["content-security-policy"] for h in hashes)


@pytest.mark.parametrize(
    ("body", "expected"),
    [  # echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        ("alert(1)", "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
        ("", "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"),
    ],
)
def test_script_hash_is_the_base64_sha256_csp_expects(body: str, expected: str) -> None:
    assert script_hash(body) == expected


def test_only_src_less_scripts_are_hashed() -> None:
    html = '<script src="./a.js"></script><script>one()</script><SCRIPT type="x">two()</SCRIPT>'
    assert inline_script_hashes(html) == [script_hash("one()"), script_hash("two()")]
    assert content_security_policy(["'sha256-x'", "'sha256-x'"]).startswith(
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-x';"
    )
