"""A real app server on a free port with the sample data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.laptop import laptop_tab, warm_up

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class AppServer:
    """A running `python -m dashboard serve` and the environment it reads (for tests that import data)."""

    url: str
    env: dict[str, str]
    data_dir: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"app server at {url} not healthy after {timeout} s")


def start_server(tmp: Path, extra_env: dict[str, str] | None = None, *, seed: bool = True) -> AppServer:
    """Seed a fresh SQLite database with the sample data, then serve the app on a free port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env.update({"IOC_DATA_DIR": str(tmp), **(extra_env or {})})
    if seed:
        subprocess.run(
            [sys.executable, "-m", "dashboard", "seed"], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
    except Exception:
        process.kill()
        raise
    return AppServer(url, env, tmp, process)


def stop_server(server: AppServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """One server with the sample data for the whole session (tests must not change its data)."""
    server = start_server(tmp_path_factory.mktemp("app"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium from Debian (Playwright's own browser downloads do not work here)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("IOC_REQUIRE_ALL_TESTS"):
            pytest.fail("chromium is not installed but CI requires the browser tests")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (kept after the run; ignored by git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def samples(app_server: AppServer, browser) -> AppServer:
    """The sample installation, warmed up: the leaders' tests read its pages."""
    warm_up(browser, app_server.url)
    return app_server


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A 1440×900 laptop tab; tests that need a signed-in context define their own `page`."""
    yield from laptop_tab(browser)
