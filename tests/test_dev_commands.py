"""The README's two commands: the throwaway PostgreSQL that `dev.py test` starts, and `dev.py run` stopping cleanly."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from dashboard.store.db import make_engine, migrate
from tests.browser.conftest import ROOT, _free_port, _wait_healthy
from tests.throwaway_postgres import start


def test_the_throwaway_postgres_starts_takes_the_schema_and_stops() -> None:
    # Its own folder, as dev.py test uses: run as root, pgserver hands the folder to a user of its own, who cannot
    # enter pytest's private tmp_path (any other pytest run resets /tmp/pytest-of-root to 0700).
    server = start()
    try:
        engine = make_engine(server.url)
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM unit")).scalar_one() >= 0
            assert conn.dialect.name == "postgresql"
        engine.dispose()
    finally:
        server.stop()
    assert not server.folder.exists()
    engine = make_engine(server.url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        raise AssertionError("the server still answers after stop()")
    except Exception as exc:  # the socket is gone: connection refused
        assert "connect" in str(exc).lower() or "no such file" in str(exc).lower()
    finally:
        engine.dispose()


def test_the_throwaway_child_prints_its_url_and_stops_when_its_input_closes() -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.throwaway_postgres"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    status, _, url = child.stdout.readline().strip().partition(" ")
    assert status == "URL", url
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 41 + 1")).scalar_one() == 42
    engine.dispose()
    child.stdin.close()
    assert child.wait(timeout=60) == 0


def test_dev_py_test_without_a_configured_postgres_points_the_tests_at_a_throwaway_one() -> None:
    """What `dev.py test` does on a fresh clone with no PostgreSQL: the tests get a server that stops afterwards."""
    import dev

    env: dict[str, str] = {}
    with dev.throwaway_postgres(env) as note:
        assert note == "", note  # a note means the PostgreSQL tests would be skipped
        url = env["IOC_TEST_POSTGRES_URL"]
        engine = make_engine(url)
        with engine.connect() as conn:
            assert conn.dialect.name == "postgresql" and conn.execute(text("SELECT 1")).scalar_one() == 1
        engine.dispose()
    engine = make_engine(url)
    try:
        with pytest.raises(OperationalError), engine.connect():
            pass
    finally:
        engine.dispose()
    configured = {"IOC_TEST_POSTGRES_URL": "postgresql://x@127.0.0.1:1/configured"}
    with dev.throwaway_postgres(configured) as note:  # a configured server is used as it is
        assert note == "" and configured == {"IOC_TEST_POSTGRES_URL": "postgresql://x@127.0.0.1:1/configured"}


def test_stopping_dev_py_run_stops_the_server(tmp_path: Path) -> None:
    """`python3 dev.py run` hands its process to the server, so a kill of dev.py leaves nothing listening."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env["IOC_DATA_DIR"] = str(tmp_path)
    dev = subprocess.Popen(
        [sys.executable, "dev.py", "run", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the test can check that no child survives in the group
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, dev, timeout=600)  # dev.py run seeds the sample workbooks first
        os.kill(dev.pid, signal.SIGTERM)  # dev.py's own pid: what a user's kill or a service manager stops
        dev.wait(timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            except OSError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the dashboard still answers after dev.py was stopped")
        try:
            os.killpg(dev.pid, 0)
            survivors = True
        except ProcessLookupError:
            survivors = False
        assert not survivors, "a process of dev.py run outlived it"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(dev.pid, signal.SIGKILL)
