"""Benchmark: the command line end to end, as a user runs it, against merely reading the file with pandas.

    python -m benchmarks.import_cli [--rows 100000] [--repeat 1]

Times, each as the best of K runs, in fresh processes:
  help      `python -m dashboard --help`: start-up of the command line alone;
  dry run   `python -m dashboard import --dry-run FILE` of an N-row dossier list (the same file as
            benchmarks.import_dossier_list writes) into a freshly migrated, unit-seeded SQLite file;
  import    `python -m dashboard import FILE`: the same, stored;
  baseline  `pandas.read_excel(FILE, engine="openpyxl", header=2)` in a fresh process (imports included).
Each command's CPU time (user + system of the child) is shown beside its wall-clock time: on a shared machine
the CPU ratio moves less with the load, which is printed too. Then the same file is imported in this process
(benchmarks.import_dossier_list: no interpreter start, no imports), so both ratios come from one run. A
measurement, not a test: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.import_dossier_list import (
    TARGET_RATIO,
    Timings,
    format_report,
    machine,
    run_once,
    write_workbook,
)

ROOT = Path(__file__).resolve().parents[1]
_BASELINE = "import pandas, sys; pandas.read_excel(sys.argv[1], engine='openpyxl', header=2)"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall-clock and CPU seconds (user + system) of one command in a fresh process, with its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (5 min: {five:.1f})"


def fresh_env(data_dir: Path) -> dict[str, str]:
    """The environment of a user whose database is a new SQLite file in data_dir, units seeded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env["IOC_DATA_DIR"] = str(data_dir)
    seed = "from dashboard.store.db import get_engine, session_scope\nfrom dashboard.store.units import seed_units\n"
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
    keys = ("help", "dry", "import", "baseline")
    best = dict.fromkeys(keys, float("inf"))
    cpu = dict.fromkeys(keys, float("inf"))
    in_process = Timings()
    issues: list[str] = []
    load_before = load_average()
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
                seconds, used, done = run(command, env)
                best[key], cpu[key] = min(best[key], seconds), min(cpu[key], used)
                if done.returncode != 0:
                    tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
                    issues.append(f"{key}: exit {done.returncode}: {' | '.join(tail)}")
        for _ in range(args.repeat):  # the same file in this process: the in-process ratio of the same run
            issues += run_once(path, path.read_bytes(), None, args.rows, in_process)

    def secs(key: str) -> str:
        return f"{best[key]:.2f} s (CPU {cpu[key]:.2f} s)"

    cli_ratio = best["import"] / best["baseline"]
    lines = [
        ("machine", machine()),
        ("database", "SQLite (fresh file per run)"),
        ("rows", f"{args.rows:,}"),
        ("file size", f"{size / 1048576:.2f} MB"),
        ("runs (best of)", str(args.repeat)),
        ("load average before / after", f"{load_before} / {load_average()}"),
        ("python -m dashboard --help", secs("help")),
        ("python -m dashboard import --dry-run", secs("dry")),
        ("python -m dashboard import (stored)", secs("import")),
        ("baseline: pandas.read_excel in a new process", secs("baseline")),
        (
            "ratio end to end (CLI / new-process pandas)",
            f"{cli_ratio:.2f} (CPU {cpu['import'] / cpu['baseline']:.2f})",
        ),
        (
            "in this process: import_file / pandas.read_excel",
            f"{in_process.import_:.2f} s / {in_process.baseline:.2f} s",
        ),
        (
            "ratio in process",
            f"{in_process.import_ / in_process.baseline:.2f} (CPU {in_process.import_cpu / in_process.baseline_cpu:.2f})",
        ),
        ("target (each ratio)", f"≤ {TARGET_RATIO:.2f}"),
        (
            "result",
            "PASS"
            if max(cli_ratio, in_process.import_ / in_process.baseline) <= TARGET_RATIO and not issues
            else "FAIL",
        ),
    ]
    print(format_report(lines, issues))
    return 0


if __name__ == "__main__":
    sys.exit(main())
