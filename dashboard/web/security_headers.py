"""Security headers on every response of the web server: pages, static files, health checks, websocket upgrades."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit

from dashboard.settings import get_settings
from dashboard.views.wall.config import WallConfig, WallConfigError, load_wall_config
from dashboard.views.wall.css import watchdog_script

# Streamlit's page: its own module scripts, styles injected at run time (emotion) and in style attributes, images
# and fonts as data:/blob: URLs, and its websocket and fetches to the same origin. No inline script runs unless
# its hash is listed: Streamlit's index.html has one, the wall's watchdog is the other. 'wasm-unsafe-eval' lets
# the frontend compile its WebAssembly (the browser refuses it otherwise); it allows no JavaScript eval.
_STATIC_POLICY = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "media-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],  # CSP 3: 'self' also allows ws:/wss: to the same host
    "worker-src": ["'self'", "blob:"],
    "frame-src": ["'self'", "blob:", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
_OTHER_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
STREAMLIT_INDEX = Path(streamlit.__file__).parent / "static" / "index.html"


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script body."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_script_hashes(html: str) -> list[str]:
    """Hashes of the inline (src-less) scripts of a page, in page order."""
    return [script_hash(body) for body in _INLINE_SCRIPT.findall(html)]


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The policy for Streamlit's pages with only these inline scripts allowed."""
    directives = {
        "script-src": ["'self'", "'wasm-unsafe-eval'", *dict.fromkeys(script_hashes)],
        **_STATIC_POLICY,
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


@lru_cache(maxsize=1)
def _streamlit_page_hashes() -> tuple[str, ...]:
    return tuple(inline_script_hashes(STREAMLIT_INDEX.read_text(encoding="utf-8")))


@lru_cache(maxsize=4)
def _wall_hashes(path: Path, _stamp: int) -> tuple[str, ...]:
    """The watchdog as the wall page renders it: with the configured settings, or the defaults on a broken file."""
    scripts = [watchdog_script(WallConfig())]
    with contextlib.suppress(WallConfigError, OSError):
        scripts.append(watchdog_script(load_wall_config(path)))
    return tuple(h for s in scripts for h in inline_script_hashes(s))


def current_policy() -> str:
    """The policy now: the wall's watchdog carries its settings, so an edited wall.toml changes its hash."""
    path = get_settings().wall_config
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return content_security_policy([*_streamlit_page_hashes(), *_wall_hashes(path, stamp)])


def security_headers() -> list[tuple[bytes, bytes]]:
    """Every header this module adds, as ASGI byte pairs."""
    pairs = [("Content-Security-Policy", current_policy()), *_OTHER_HEADERS.items()]
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in pairs]


class SecurityHeaders:
    """ASGI middleware: adds the headers to every HTTP response and to the websocket handshake's answer."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        added = security_headers()
        names = {name for name, _ in added}

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                kept = [(k, v) for k, v in message.get("headers", []) if bytes(k).lower() not in names]
                message = {**message, "headers": [*kept, *added]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
