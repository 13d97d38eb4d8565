"""Benchmark: the command line end to end, as a user runs it, against merely reading the file with pandas.

    python -m benchmarks.import_cli [--rows 100000] [--repeat 1]

Times, each as the best of K runs, in fresh processes:
  help      `python -m dashboard --help`: start-up of the command line alone;
  dry run   `python -m dashboard import --dry-run FILE` of an N-row dossier list (the same file as
            benchmarks.import_dossier_list writes) into a freshly migrated, unit-seeded SQLite file;
  import    `python -m dashboard import FILE`: the same, stored;
  baseline  `pandas.read_excel(FILE, engine="openpyxl", header=2)` in a fresh process (imports included).
The in-process figures (no interpreter start, no imports) are in benchmarks.import_dossier_list. A
measurement, not a test: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.import_dossier_list import format_report, machine, write_workbook

ROOT = Path(__file__).resolve().parents[1]
_BASELINE = "import pandas, sys; pandas.read_excel(sys.argv[1], engine='openpyxl', header=2)"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall-clock seconds of one command in a fresh process, with its output."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def fresh_env(data_dir: Path) -> dict[str, str]:
    """The environment of a user whose database is a new SQLite file in data_dir, units seeded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env["IOC_DATA_DIR"] = str(data_dir)
    seed = "from dashboard.db import get_engine, session_scope\nfrom dashboard.units import seed_units\n"
    seed += "with session_scope(get_engine()) as s:\n    seed_units(session=s)\n"
    subprocess.run([sys.executable, "-c", seed], cwd=ROOT, env=env, check=True)
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    best = {"help": float("inf"), "dry": float("inf"), "import": float("inf"), "baseline": float("inf")}
    issues: list[str] = []
    with tempfile.TemporaryDirectory(prefix="ioc-bench-cli-") as tmp:
        path = Path(tmp) / "ds_ho_so.xlsx"
        write_workbook(path, args.rows)
        size = path.stat().st_size
        for attempt in range(args.repeat):
            data_dir = Path(tmp) / f"db{attempt}"
            env = fresh_env(data_dir)
            cli = [sys.executable, "-m", "dashboard"]
            for key, command in (
                ("help", [*cli, "--help"]),
                ("dry", [*cli, "import", "--dry-run", str(path)]),
                ("import", [*cli, "import", str(path)]),
                ("baseline", [sys.executable, "-c", _BASELINE, str(path)]),
            ):
                seconds, done = run(command, env)
                best[key] = min(best[key], seconds)
                if done.returncode != 0:
                    tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
                    issues.append(f"{key}: exit {done.returncode}: {' | '.join(tail)}")
    lines = [
        ("machine", machine()),
        ("database", "SQLite (fresh file per run)"),
        ("rows", f"{args.rows:,}"),
        ("file size", f"{size / 1048576:.2f} MB"),
        ("runs (best of)", str(args.repeat)),
        ("python -m dashboard --help", f"{best['help']:.2f} s"),
        ("python -m dashboard import --dry-run", f"{best['dry']:.2f} s"),
        ("python -m dashboard import (stored)", f"{best['import']:.2f} s"),
        ("baseline: pandas.read_excel in a new process", f"{best['baseline']:.2f} s"),
        ("ratio import / baseline", f"{best['import'] / best['baseline']:.2f}"),
    ]
    print(format_report(lines, issues))
    return 0


if __name__ == "__main__":
    sys.exit(main())
