"""Two commands on a fresh machine (only Python 3.11+ needed):

python3 dev.py run     install into .venv, load the sample data, start the dashboard
python3 dev.py test    lint, format check, type check and every test
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
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
        print("Cài đặt thư viện (requirements.txt) …", flush=True)
        run(
            [
                str(PYTHON),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                "-r",
                "requirements.txt",
            ]
        )
        STAMP.write_text(digest)


def run(cmd: list[str]) -> None:
    """Run a command in the project folder; stop with its status if it fails."""
    code = subprocess.call(cmd, cwd=ROOT)
    if code:
        sys.exit(code)


def cmd_run(args: list[str]) -> None:
    ensure_env()
    run([str(PYTHON), "-m", "dashboard", "seed"])
    run([str(PYTHON), "-m", "dashboard", "serve", *args])


def cmd_test(args: list[str]) -> None:
    ensure_env()
    run([str(PYTHON), "-m", "ruff", "check", "."])
    run([str(PYTHON), "-m", "ruff", "format", "--check", "."])
    run([str(PYTHON), "-m", "mypy", "."])
    run([str(PYTHON), "-m", "pytest", "-rs", *args])


def main() -> None:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
