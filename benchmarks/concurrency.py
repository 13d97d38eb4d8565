"""Concurrency: 20 viewers (real Streamlit sessions on a running server) while two uploads land at once.

    python -m benchmarks.concurrency [--viewers 20] [--seconds 60] [--database-url postgresql://…] [--replicas 2]

The app is served as in production (`python -m dashboard serve`; with --replicas N, N servers on one PostgreSQL
database). Each viewer is a session of its own: a WebSocket to /_stcore/stream speaking Streamlit's protocol, as a
browser tab does — it asks for a page (with its period and unit in the query string), waits for the server to
finish the script run, reads for 2–4 s, and asks for another. The page time is from the request to the server's
"script finished": the whole server-side run, as the viewer waits for it, without the browser's drawing.
Meanwhile two uploads are imported at once by two other processes (`python -m dashboard import`), each a new
data version, so the viewers' next pages are computed afresh on the new figures.

Prints page-time percentiles, page errors (an exception shown on a page), whether both uploads were stored, and
any "database is locked". Targets: p95 under 1 s, no lost upload, nothing locked. A measurement (exit 0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from sqlalchemy import text
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.big_dossier_db import schema_url
from benchmarks.wall import Server

ROOT = Path(__file__).resolve().parent.parent
# (url path, query string): what leaders open most, each with its period and unit as a bookmark has them.
PAGES = [
    ("", "ky=n2023-7"),
    ("thu-tuc-hanh-chinh", "ky=n2023-7&dv=xa-pho-an"),
    ("thu-tuc-hanh-chinh", "ky=m2023-05"),
    ("thu-ngan-sach", "ky=n2023-5"),
    ("giai-ngan", "ky=n2023-5"),
    ("nhiem-vu", "ky=y2022"),
]
UPLOADS = ("ds_ho_so_mot_cua_2023.xlsx", "tthc_thi_xa_2023_12.xlsx")
TARGET_P95 = 1.0


@dataclass
class Viewers:
    """What the viewers saw: page times, pages that showed an exception, and their messages."""

    times: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)  # time.monotonic() at each page's end
    pages: list[str] = field(default_factory=list)  # what each run asked for
    errors: list[str] = field(default_factory=list)
    uploading: tuple[float, float] = (0.0, 0.0)  # monotonic start and end of the two uploads


async def open_page(ws: websockets.ClientConnection, path: str, query: str) -> tuple[float, list[str]]:
    """Ask the session's server for a page; (seconds until its script finished, exception messages shown)."""
    msg = BackMsg()
    msg.rerun_script.page_name = path
    msg.rerun_script.query_string = query
    started = time.perf_counter()
    await ws.send(msg.SerializeToString())
    errors: list[str] = []
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await ws.recv())
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
            errors.append(forward.delta.new_element.exception.message[:200])
        elif kind == "page_not_found":
            errors.append(f"page not found: /{path}")
        elif kind == "script_finished":
            return time.perf_counter() - started, errors


async def warm_up(url: str) -> None:
    """Every page once, untimed, in a session of its own."""
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(
        stream, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
    ) as ws:
        for path, query in PAGES:
            await open_page(ws, path, query)


async def viewer(url: str, seconds: float, seed: int, start: asyncio.Event, out: Viewers) -> None:
    """One browser tab: open a page, read it for 2–4 s, open another, until time is up."""
    rng = random.Random(seed)
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(
        stream, subprotocols=[websockets.Subprotocol("streamlit")], max_size=None
    ) as ws:
        await open_page(ws, *rng.choice(PAGES))  # the tab was open already: its first page is not timed
        await start.wait()
        await asyncio.sleep(rng.uniform(0, 3))  # people read at their own pace: no synchronised first click
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            path, query = rng.choice(PAGES)
            seconds_taken, errors = await open_page(ws, path, query)
            out.pages.append(f"/{path}?{query}")
            out.times.append(seconds_taken)
            out.finished.append(time.monotonic())
            out.errors += errors
            await asyncio.sleep(rng.uniform(2, 4))


async def upload(env: dict[str, str], name: str) -> tuple[str, bool, float, str]:
    """One upload in a process of its own, through the command line's import (the importer the page uses)."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "dashboard",
        "import",
        str(ROOT / "sample_data" / name),
        "--accept-warnings",
        "--user",
        "benchmark",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output = (await process.communicate())[0].decode("utf-8", "replace")
    stored = process.returncode == 0 and f"OK {name}" in output
    return name, stored, time.perf_counter() - started, "" if stored else output.strip()[-300:]


async def run(
    urls: list[str], env: dict[str, str], viewers: int, seconds: float
) -> tuple[Viewers, list[tuple[str, bool, float, str]]]:
    for url in urls:  # a server in production has served every page before: imports and first queries done
        await warm_up(url)
    seen = Viewers()
    start = asyncio.Event()
    tabs = [asyncio.create_task(viewer(urls[i % len(urls)], seconds, i, start, seen)) for i in range(viewers)]
    await asyncio.sleep(5)  # every tab connected and showing its first page
    start.set()
    await asyncio.sleep(min(10.0, seconds / 3))  # the uploads land while the viewers are busy
    began = time.monotonic()
    uploads = await asyncio.gather(*(upload(env, name) for name in UPLOADS))
    seen.uploading = (began, time.monotonic())
    await asyncio.gather(*tabs)
    return seen, list(uploads)


@contextmanager
def database(server_url: str | None) -> Iterator[dict[str, str]]:
    """The environment of a fresh database holding the sample data, minus the two files uploaded under load."""
    data_dir = Path(tempfile.mkdtemp(prefix="ioc-conc-"))
    env = {**os.environ, "IOC_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    env.pop("IOC_DATABASE_URL", None)
    schema = f"bench_conc_{uuid.uuid4().hex[:10]}"
    from dashboard.store.db import make_engine, migrate

    if server_url:
        with make_engine(server_url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        env["IOC_DATABASE_URL"] = schema_url(server_url, schema)
    url = env.get("IOC_DATABASE_URL") or f"sqlite:///{data_dir / 'ioc.db'}"
    engine = make_engine(url)
    migrate(engine)
    from sqlmodel import Session

    from dashboard.importing.importer import import_file
    from dashboard.store.units import seed_units

    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for path in sorted((ROOT / "sample_data").glob("*.xlsx")):
        if path.name not in UPLOADS:
            import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
    engine.dispose()
    try:
        yield env
    finally:
        if server_url:
            with make_engine(server_url).begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def timeline(seen: Viewers, width: float = 10.0) -> str:
    """The slowest page of each `width` seconds, with the uploads' start marked: where the slow pages are."""
    start = min(end - t for t, end in zip(seen.times, seen.finished, strict=True))
    slowest: dict[int, float] = {}
    for t, end in zip(seen.times, seen.finished, strict=True):
        window = int((end - start) // width)
        slowest[window] = max(slowest.get(window, 0.0), t)
    upload_window = int((seen.uploading[0] - start) // width)
    return (
        "  ".join(
            f"{w * width:.0f}s{'*' if w == upload_window else ''}: {slowest[w]:.2f}" for w in sorted(slowest)
        )
        + "  (slowest page per 10 s; * uploads began)"
    )


def percentiles(label: str, times: list[float]) -> float:
    """Print the runs' count, median, p95 and max; return the p95."""
    p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
    print(
        f"{label:<9} {len(times)} runs; median {statistics.median(times):.3f} s; p95 {p95:.3f} s; "
        f"max {max(times):.3f} s"
    )
    return p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server; default a SQLite file")
    parser.add_argument(
        "--replicas", type=int, default=1, help="app processes (more than one needs PostgreSQL)"
    )
    args = parser.parse_args(argv)
    if args.replicas > 1 and not args.database_url:
        parser.error("--replicas above 1 needs --database-url (replicas share one PostgreSQL database)")
    with database(args.database_url) as env:
        servers = [Server(env) for _ in range(args.replicas)]
        try:
            seen, uploads = asyncio.run(run([s.url for s in servers], env, args.viewers, args.seconds))
        finally:
            for s in servers:
                s.stop()
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine   {platform.platform()}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(
        f"setup     {backend}, {args.replicas} app process(es); {args.viewers} viewers (Streamlit sessions) for "
        f"{args.seconds:.0f} s, reading each page 2–4 s"
    )
    verdict = len(seen.times) >= 20
    if verdict:
        p95 = percentiles("pages", seen.times)
        # A page overlaps the uploads if it ended after they began and started before they ended.
        began, ended = seen.uploading
        during = [
            t for t, end in zip(seen.times, seen.finished, strict=True) if end >= began and end - t <= ended
        ]
        others = [
            t
            for t, end in zip(seen.times, seen.finished, strict=True)
            if not (end >= began and end - t <= ended)
        ]
        if len(during) >= 2 and len(others) >= 2:
            percentiles(f"  while the uploads ran ({ended - began:.1f} s)", during)
            percentiles("  the rest of the time", others)
        print("timeline  " + timeline(seen))
        start = min(end - t for t, end in zip(seen.times, seen.finished, strict=True))
        runs = sorted(zip(seen.times, seen.finished, seen.pages, strict=True), reverse=True)
        for t, end, page in runs[:5]:
            print(f"slowest   {t:.2f} s  {page}  (ended at {end - start:.1f} s)")
        print(f"target    p95 under {TARGET_P95:.0f} s: {'PASS' if p95 < TARGET_P95 else 'FAIL'}")
        verdict = p95 < TARGET_P95
    locked = [e for e in seen.errors if "locked" in e.lower()]
    print(f"errors    {len(seen.errors)} pages showed an exception (database is locked: {len(locked)})")
    for message in sorted(set(seen.errors))[:5]:
        print(f"          {message}")
    for name, stored, seconds, output in uploads:
        print(f"upload    {name}: {'stored' if stored else 'NOT STORED'} in {seconds:.1f} s {output}")
    verdict = verdict and all(u[1] for u in uploads) and not seen.errors
    print(f"result    {'PASS' if verdict else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
