"""A large database for the page benchmark: the sample data plus N generated dossiers over five years (2019–2023).

The dossiers are generated in Python and stored the way an import stores them — five yearly "dossier_list"
batches, rows bulk-inserted with dashboard.importing.batches.insert_dossiers (executemany on SQLite, COPY on PostgreSQL),
then dashboard.store.dossier_monthly.refresh_monthly for every unit — but without writing and parsing Excel files
(that path is measured by benchmarks/import_dossier_list.py). The built database is kept — a SQLite file under the
temp folder, or a schema `bench_dossiers_<size>_v<version>` on a PostgreSQL server — and reused by later runs
(delete the folder or drop the schema to rebuild).
"""

from __future__ import annotations

import hashlib
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import Session

from benchmarks.import_dossier_list import PROCEDURES
from dashboard.importing.batches import insert_dossiers
from dashboard.importing.importer import import_file
from dashboard.settings import PROJECT_ROOT
from dashboard.store.db import bump_data_version, make_engine, migrate, refresh_statistics
from dashboard.store.dossier_monthly import refresh_monthly
from dashboard.store.models import Batch, StoredFile
from dashboard.store.units import UnitMatcher, seed_units

YEARS = (2019, 2020, 2021, 2022, 2023)
CHUNK = 50_000
GENERATOR_VERSION = 1  # bump when the generated data changes, so old cached files are not reused
LATE_SHARE = 0.05  # of finished dossiers: returned after the due date
OPEN_DAYS = 45  # dossiers received in the last weeks of the data may still be open


def cache_path(size: int) -> Path:
    """Where the database of this size is kept between runs."""
    return Path(tempfile.gettempdir()) / "ioc-bench-pages" / f"dossiers-{size}-v{GENERATOR_VERSION}"


def load_samples(engine: Engine) -> None:
    """The unit registry and every committed sample workbook, as `python -m dashboard seed` loads them."""
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    for path in sorted((PROJECT_ROOT / "sample_data").glob("*.xlsx")):
        result = import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
        if not result.stored:
            raise RuntimeError(
                f"sample {path.name} was not stored: {[p.message for p in result.problems.items]}"
            )


def _batch(session: Session, year: int, rows: int) -> int:
    content = f"benchmark dossier list {year}".encode()
    sha = hashlib.sha256(content).hexdigest()
    session.add(StoredFile(sha256=sha, size=len(content), content=content))
    session.flush()
    batch = Batch(
        kind="dossier_list",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        period_label=f"Năm {year}",
        file_name=f"ds_ho_so_benchmark_{year}.xlsx",
        file_sha256=sha,
        file_size=len(content),
        user="benchmark",
        created_at=datetime.now(UTC),
        row_count=rows,
    )
    session.add(batch)
    session.flush()
    assert batch.id is not None
    return batch.id


def dossiers(
    rng: random.Random, year: int, count: int, batch_id: int, unit_ids: list[int]
) -> Iterator[dict[str, Any]]:
    """One year's dossiers: busy and quiet units, 10 sectors, online share rising by year, 5% late."""
    weights = [rng.randint(1, 6) for _ in unit_ids]
    procedures = [(sector, proc) for sector, procs in PROCEDURES.items() for proc in procs]
    online = 0.10 + 0.09 * (year - YEARS[0])
    end = datetime(YEARS[-1], 12, 31, 17, 0)
    picks = rng.choices(unit_ids, weights, k=count)
    for i, unit_id in enumerate(picks):
        received = datetime(year, 1, 1, 7, 30) + timedelta(
            days=rng.randrange(365), minutes=rng.randrange(570)
        )
        due = received + timedelta(days=rng.randint(1, 15))
        draw = rng.random()
        channel = "online" if draw < online else ("postal" if draw > 0.97 else "direct")
        status = "done"
        finished: datetime | None = received + (due - received) * rng.uniform(0.05, 1.0)
        if rng.random() < LATE_SHARE:
            finished = due + timedelta(days=rng.randint(1, 20), minutes=rng.randrange(480))
        if (end - received).days < OPEN_DAYS and rng.random() < 0.3:
            status, finished = "processing", None
        elif rng.random() < 0.01:
            status = "withdrawn"
        if finished is not None and finished > end:  # not returned yet on the data's last day
            status, finished = "processing", None
        sector, procedure = procedures[rng.randrange(len(procedures))]
        yield {
            "batch_id": batch_id,
            "code": f"BM.{year}.{i + 1:07d}",
            "unit_id": unit_id,
            "sector": sector,
            "procedure": procedure,
            "channel": channel,
            "status": status,
            "received_at": received,
            "due_at": due,
            "finished_at": finished,
            "row": i + 4,
        }


def schema_url(server: str, schema: str) -> str:
    """The server URL with `schema` first on the search path, as tests/conftest.py isolates its runs."""
    return server + ("&" if "?" in server else "?") + f"options=-csearch_path%3D{schema}"


def database_url(size: int, server: str | None) -> str:
    """Where the database of `size` dossiers lives: a SQLite file under the temp folder, or a schema on `server`."""
    if server is None:
        return f"sqlite:///{cache_path(size) / 'ioc.db'}"
    return schema_url(server, f"bench_dossiers_{size}_v{GENERATOR_VERSION}")


def is_built(size: int, server: str | None) -> bool:
    """Whether a complete database of this size is there to reuse."""
    if server is None:
        return (cache_path(size) / "complete").exists()
    admin = make_engine(server)
    try:
        with admin.connect() as conn:
            note = conn.execute(
                text("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = :s"),
                {"s": f"bench_dossiers_{size}_v{GENERATOR_VERSION}"},
            ).scalar()
        return note == "complete"
    finally:
        admin.dispose()


def build(size: int, server: str | None = None, *, log: Any = print) -> str:
    """The database of `size` dossiers (built once, then reused); returns its URL.

    SQLite: a file under the temp folder. PostgreSQL (`server` given): a schema named after the size, kept on the
    server between runs (drop it to rebuild); an interrupted build is started again in both cases.
    """
    url = database_url(size, server)
    if is_built(size, server):
        return url
    if server is None:
        path = cache_path(size)
        path.mkdir(parents=True, exist_ok=True)
        for leftover in [*path.glob("ioc.db*"), path / "complete"]:
            leftover.unlink(missing_ok=True)
    else:
        schema = f"bench_dossiers_{size}_v{GENERATOR_VERSION}"
        admin = make_engine(server)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
    engine = make_engine(url)
    migrate(engine)
    fill(engine, size, log)
    engine.dispose()
    if server is None:
        (cache_path(size) / "complete").write_text(f"{size}\n")
    else:
        admin = make_engine(server)
        with admin.begin() as conn:
            conn.execute(text(f"COMMENT ON SCHEMA \"{schema}\" IS 'complete'"))
        admin.dispose()
    return url


def fill(engine: Engine, size: int, log: Any = print) -> None:
    """The sample data, then `size` generated dossiers in five yearly lists, their monthly figures and statistics."""
    started = time.perf_counter()
    load_samples(engine)
    log(f"  sample data loaded ({time.perf_counter() - started:.1f} s)")
    rng = random.Random(1)
    with Session(engine) as session:
        units = [
            u.id for u in UnitMatcher.load(session=session).all() if u.kind in ("office", "ward", "commune")
        ]
        per_year = [size // len(YEARS) + (1 if i < size % len(YEARS) else 0) for i in range(len(YEARS))]
        for year, count in zip(YEARS, per_year, strict=True):
            batch_id = _batch(session, year, count)
            rows = list(dossiers(rng, year, count, batch_id, units))
            for i in range(0, len(rows), CHUNK):
                insert_dossiers(rows[i : i + CHUNK], session=session)
            log(f"  {year}: {count:,} dossiers inserted ({time.perf_counter() - started:.1f} s)")
        written = refresh_monthly(units, session=session)
        bump_data_version(session=session)
        session.commit()
    log(f"  monthly figures refreshed: {written:,} rows ({time.perf_counter() - started:.1f} s)")
    refresh_statistics(engine)  # as import_file does after a dossier list
