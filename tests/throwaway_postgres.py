"""A throwaway PostgreSQL server from the pip-installed `pgserver` wheel, for test runs on a machine that has none.

`python3 dev.py test` starts one (through `python -m tests.throwaway_postgres`) when IOC_TEST_POSTGRES_URL is not
set, points the tests at it and stops it afterwards. The child prints one line — `URL <url>` or `FAILED <reason>` —
then keeps the server until its standard input closes, so the server never outlives the test run.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class ThrowawayPostgres:
    """A running server in its own folder; `stop()` shuts it down and deletes the folder."""

    url: str
    folder: Path
    _server: Any

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._server.cleanup()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(folder: Path | None = None) -> ThrowawayPostgres:
    """Initialise and start a server in `folder` (a new temporary one by default); raises if it cannot start."""
    from pgserver import get_server  # type: ignore[attr-defined]  # only runs without a configured server need it

    folder = folder or Path(tempfile.mkdtemp(prefix="ioc-test-pg-"))
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers)
        warnings.simplefilter("ignore")
        server = get_server(folder, cleanup_mode="delete")
    return ThrowawayPostgres(server.get_uri(), folder, server)


def main() -> None:
    try:
        server = start()
    except Exception as exc:  # any failure only means the PostgreSQL tests cannot run here
        print(f"FAILED {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
        return
    print(f"URL {server.url}", flush=True)
    try:
        sys.stdin.read()  # until the parent closes our standard input (or exits)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
