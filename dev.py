"""Two commands on a fresh machine (only Python 3.11+ needed):

python3 dev.py run     install into .venv, load the sample data, start the dashboard
python3 dev.py test    lint, format check, type check and every test
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".requirements.sha256"


def ensure_env() -> None:
    """Create .venv and install requirements.txt, again only when the file changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("Cần Python 3.11 trở lên / Python 3.11+ is required.")
    if not PYTHON.exists():
        print("Tạo môi trường .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("Cài đặt thư viện (requirements.txt; lần đầu mất vài phút) …", flush=True)
        # pip's own progress (one line per package) shows that a first install is working, not stuck.
        run([str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"])
        STAMP.write_text(digest)


def run(cmd: list[str]) -> None:
    """Run a command in the project folder; stop with its status if it fails."""
    code = subprocess.call(cmd, cwd=ROOT)
    if code:
        sys.exit(code)


def cmd_run(args: list[str]) -> None:
    ensure_env()
    print("Nạp danh mục đơn vị và dữ liệu mẫu …", flush=True)
    run([str(PYTHON), "-m", "dashboard", "seed"])
    print("Khởi động bảng điều khiển (dừng: Ctrl+C) …", flush=True)
    # The server takes this process's place, so stopping dev.py (Ctrl+C or kill) stops the server too.
    os.chdir(ROOT)
    os.execv(str(PYTHON), [str(PYTHON), "-m", "dashboard", "serve", *args])


PRODUCT = ("app.py", "pages", "ui", "dashboard", "data_loaders", "base")


def cmd_test(args: list[str]) -> None:
    ensure_env()
    run([str(PYTHON), "-m", "ruff", "check", "."])
    run([str(PYTHON), "-m", "ruff", "format", "--check", "."])
    run([str(PYTHON), "-m", "mypy", "."])
    # The layers and the import contracts of pyproject.toml ([tool.importlinter]).
    run([str(PYTHON), "-c", "from importlinter.cli import lint_imports_command as c; c()"])
    # No block of four or more lines repeated in the product code (comments, docstrings and imports aside).
    run(
        [
            str(PYTHON),
            "-m",
            "pylint",
            "--disable=all",
            "--enable=duplicate-code",
            "--min-similarity-lines=4",
            "--score=n",
            *PRODUCT,
        ]
    )
    env = dict(os.environ)
    with throwaway_postgres(env) as note:
        code = subprocess.call([str(PYTHON), "-m", "pytest", "-rs", *args], cwd=ROOT, env=env)
    if note:
        print(note, flush=True)
    sys.exit(code)


@contextlib.contextmanager
def throwaway_postgres(env: dict[str, str]) -> Iterator[str]:
    """Point the tests at a PostgreSQL of their own when none is configured; yield a note when there is none.

    The server is a child that holds it until its standard input closes, so it stops with the test run.
    """
    if env.get("IOC_TEST_POSTGRES_URL"):
        yield ""
        return
    print("Khởi động PostgreSQL tạm cho kiểm thử …", flush=True)
    child = subprocess.Popen(
        [str(PYTHON), "-m", "tests.throwaway_postgres"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    status, _, detail = child.stdout.readline().strip().partition(" ")
    try:
        if status == "URL":
            env["IOC_TEST_POSTGRES_URL"] = detail
            yield ""
        else:
            yield f"PostgreSQL tests SKIPPED: no server configured and a throwaway one could not start ({detail or 'no answer'})."
    finally:
        child.stdin.close()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()


def main() -> None:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
