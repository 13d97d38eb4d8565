"""Concurrency: 20 simulated viewers (Streamlit sessions via AppTest, one process each) while two uploads run.

    python -m benchmarks.concurrency [--viewers 20] [--seconds 60] [--database-url postgresql://…]

Prints page-time percentiles under load, whether both uploads were stored, and any "database is locked".
A measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("overview.py", "n2023-7", None),
    ("dossiers.py", "n2023-7", "xa-pho-an"),
    ("revenue.py", "n2023-5", None),
    ("investment.py", "n2023-5", None),
    ("tasks.py", "y2022", None),
]


def _viewer(env: dict[str, str], seconds: float, seed: int, out: mp.Queue, ready: Any) -> None:  # type: ignore[type-arg]
    """One viewer: open a page, read it for 2–4 s, open another, until time is up."""
    os.environ.update(env)
    from streamlit.testing.v1 import AppTest

    rng = random.Random(seed)
    times: list[float] = []
    errors: list[str] = []
    for script, period, _unit in PAGES:  # warm-up, not timed: a viewer's browser tab is open already
        warm = AppTest.from_file(str(ROOT / "pages" / script), default_timeout=120)
        warm.query_params["ky"] = period
        warm.run()
    ready.wait()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        script, period, unit = rng.choice(PAGES)
        path = ROOT / "pages" / script
        if not path.exists():
            continue
        at = AppTest.from_file(str(path), default_timeout=60)
        at.query_params["ky"] = period
        if unit:
            at.query_params["dv"] = unit
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        errors += [str(e.value)[:200] for e in at.exception]
        time.sleep(rng.uniform(2, 4))
    out.put((times, errors))


def _upload(env: dict[str, str], path: Path, results: dict[str, tuple[bool, float, list[str]]]) -> None:
    os.environ.update(env)
    from dashboard.db import get_engine
    from dashboard.importer import import_file

    start = time.perf_counter()
    try:
        result = import_file(
            path.read_bytes(), path.name, engine=get_engine(), user="bench", accept_warnings=True
        )
        results[path.name] = (
            result.stored,
            time.perf_counter() - start,
            [p.code for p in result.problems.errors],
        )
    except Exception as exc:  # the point is to see "database is locked" if it ever happens
        results[path.name] = (False, time.perf_counter() - start, [repr(exc)[:200]])


def _prepare(database_url: str | None, tmp: Path) -> dict[str, str]:
    """A fresh database with the sample data (minus the two files uploaded under load)."""
    env = {"IOC_DATA_DIR": str(tmp)}
    if database_url:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        from dashboard.db import make_engine

        with make_engine(database_url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        env["IOC_DATABASE_URL"] = (
            database_url + ("&" if "?" in database_url else "?") + f"options=-csearch_path%3D{schema}"
        )
    os.environ.update(env)
    from sqlmodel import Session

    from dashboard.db import get_engine
    from dashboard.importer import import_file
    from dashboard.units import seed_units

    engine = get_engine()
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for path in sorted((ROOT / "sample_data").glob("*.xlsx")):
        if path.name not in UPLOADS:
            import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
    return env


UPLOADS = ("ds_ho_so_mot_cua_2023.xlsx", "tthc_thi_xa_2023_12.xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ioc-conc-"))
    env = _prepare(args.database_url, tmp)
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    ready = ctx.Barrier(args.viewers + 1)  # measure only once every viewer has warmed up
    viewers = [
        ctx.Process(target=_viewer, args=(env, args.seconds, i, queue, ready)) for i in range(args.viewers)
    ]
    for p in viewers:
        p.start()
    ready.wait()
    time.sleep(min(10.0, args.seconds / 3))  # the uploads land while the viewers are busy
    results: dict[str, tuple[bool, float, list[str]]] = {}
    uploads = [
        threading.Thread(target=_upload, args=(env, ROOT / "sample_data" / n, results)) for n in UPLOADS
    ]
    for t in uploads:
        t.start()
    for t in uploads:
        t.join()
    times: list[float] = []
    errors: list[str] = []
    for _ in viewers:
        t_, e_ = queue.get()
        times += t_
        errors += e_
    for p in viewers:
        p.join()
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine   {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"database  {backend}; viewers {args.viewers} for {args.seconds:.0f} s, think time 2–4 s")
    if times:
        q = statistics.quantiles(times, n=20)
        print(
            f"page runs {len(times)}; median {statistics.median(times):.3f} s; p95 {q[18]:.3f} s; max {max(times):.3f} s"
        )
        print(f"target    page times under 1 s (p95): {'PASS' if q[18] < 1 else 'FAIL'}")
    locked = [e for e in errors if "locked" in e.lower()]
    print(f"page errors {len(errors)} (database is locked: {len(locked)})")
    for name, (stored, seconds, problems) in results.items():
        print(f"upload    {name}: {'stored' if stored else 'NOT STORED'} in {seconds:.1f} s {problems or ''}")
    print(f"result    {'PASS' if all(r[0] for r in results.values()) and not locked else 'FAIL'}")
    _cleanup(args.database_url, env)


def _cleanup(database_url: str | None, env: dict[str, str]) -> None:
    """Drop the run's PostgreSQL schema, leaving the server's database as it was."""
    schema = env.get("IOC_DATABASE_URL", "").rpartition("search_path%3D")[2]
    if not database_url or not schema:
        return
    from dashboard import db

    db._engine_for.cache_clear()
    admin = db.make_engine(database_url)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


if __name__ == "__main__":
    main()
