"""Benchmark: every `kpis` query at 10,000 and 1,000,000 dossiers over five years, on SQLite or PostgreSQL.

    python -m benchmarks.kpis [--sizes 10000,1000000] [--repeat 5] [--database-url postgresql://…]

For the scopes leaders ask for most — the town's month, a commune's custom range, a year, the five years — it times
each section of dashboard.queries.kpi_report.kpi_report on its own (what `python -m dashboard kpis` prints: dossiers, revenue,
expenditure, disbursement, tasks, service_index), the whole report, and the two queries over the dossier lists the
pages add (the late and overdue dossiers, the 12-month series). Each figure is the best of K runs, each on a new
session with the engine (its connection pool) kept, as in a running server. The databases are those of the page
benchmark (benchmarks/big_dossier_db.py: the sample data plus N generated dossiers, built once and reused).
Targets: every query ≤ 0.30 s, and the 1,000,000 case at most 2× the 10,000 case. A measurement, not a test (exit 0).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from benchmarks.big_dossier_db import build, is_built
from benchmarks.import_dossier_list import database_product
from dashboard.queries.budget import expenditure_section, revenue_section
from dashboard.queries.dossier_lists import late_and_overdue
from dashboard.queries.dossiers import monthly_series, scope_kpis, select_scope
from dashboard.queries.investment import disbursement_section
from dashboard.queries.kpi_report import kpi_report
from dashboard.queries.service_index import service_index_section
from dashboard.queries.tasks import tasks_section
from dashboard.store.db import make_engine, migrate
from dashboard.store.units import UnitMatcher
from dashboard.views.dossiers import trend_window

TARGET = 0.30
SCALING = 2.0
# A list's cost follows the rows it returns (up to its limit of 1,000), which grow with the data by design:
# judged on the time target alone, with its ratio printed for information.
LISTS = {"late_and_overdue"}


@dataclass(frozen=True)
class Scope:
    label: str
    unit: str | None  # a unit name as the CLI takes it, None for the whole town
    start: date
    end: date


SCOPES = (
    Scope("town, May 2023", None, date(2023, 5, 1), date(2023, 5, 31)),
    Scope("Phổ An, 1/1–20/7/2023", "Phổ An", date(2023, 1, 1), date(2023, 7, 20)),
    Scope("town, year 2020", None, date(2020, 1, 1), date(2020, 12, 31)),
    Scope("town, 2019–2023", None, date(2019, 1, 1), date(2023, 12, 31)),
)
Query = Callable[[Session, int | None, frozenset[int] | None, Scope], Any]


def _dossiers(session: Session, _unit: int | None, ids: frozenset[int] | None, s: Scope) -> Any:
    names = {u.id: u.name for u in UnitMatcher.load(session=session).all()}
    return scope_kpis(select_scope(ids, s.start, s.end, session=session), names)


def _section(fn: Callable[..., Any]) -> Query:
    def query(session: Session, unit: int | None, _ids: frozenset[int] | None, s: Scope) -> Any:
        return fn(session=session, unit_id=unit, start=s.start, end=s.end, as_of=s.end)

    return query


QUERIES: dict[str, Query] = {
    "dossiers": _dossiers,
    "revenue": _section(revenue_section),
    "expenditure": _section(expenditure_section),
    "disbursement": _section(disbursement_section),
    "tasks": _section(tasks_section),
    "service_index": _section(service_index_section),
    "kpi_report (all)": lambda session, unit, _ids, s: kpi_report(
        session=session, unit_id=unit, start=s.start, end=s.end, as_of=s.end
    ),
    "late_and_overdue": lambda session, _unit, ids, s: late_and_overdue(
        session=session, unit_ids=ids, start=s.start, end=s.end, as_of=s.end
    ),
    "monthly_series (12 months)": lambda session, _unit, ids, s: monthly_series(
        ids, *trend_window(s.start, s.end), session=session
    ),
}


def best_of(engine: Engine, query: Query, scope: Scope, repeat: int) -> float:
    """Seconds of the fastest of `repeat` runs (after one warm-up), each on a new session."""
    with Session(engine) as session:
        matcher = UnitMatcher.load(session=session)
        unit = matcher.match(scope.unit, scope.end) if scope.unit else None
    unit_id = unit.id if unit else None
    ids = matcher.family(unit_id) if unit_id is not None else None
    best = float("inf")
    for attempt in range(repeat + 1):
        gc.collect()
        with Session(engine) as session:
            started = time.perf_counter()
            query(session, unit_id, ids, scope)
            elapsed = time.perf_counter() - started
        if attempt:  # the first run warms the connection, statement caches and the database's pages
            best = min(best, elapsed)
    return best


def measure(url: str, repeat: int) -> dict[tuple[str, str], float]:
    engine = make_engine(url)
    migrate(engine)
    try:
        return {
            (scope.label, name): best_of(engine, query, scope, repeat)
            for scope in SCOPES
            for name, query in QUERIES.items()
        }
    finally:
        engine.dispose()


def report(results: dict[int, dict[tuple[str, str], float]], repeat: int, database: str) -> str:
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    lines = [
        "",
        f"kpis benchmark — best of {repeat}; target ≤ {TARGET:.2f} s per query"
        + (f", {large:,} at most {SCALING:.0f}× {small:,}" if len(sizes) > 1 else ""),
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; {database}",
        "",
        f"{'scope':<24} {'query':<27}" + "".join(f"{f'{n:,} (ms)':>16}" for n in sizes) + "   ratio",
    ]
    passed = total = 0
    for key in results[small]:
        times = [results[n][key] for n in sizes]
        ratio = times[-1] / times[0] if times[0] > 0 else float("inf")
        scales = len(sizes) == 1 or ratio <= SCALING or key[1] in LISTS
        ok = all(t <= TARGET for t in times) and scales
        passed, total = passed + ok, total + 1
        cells = "".join(f"{t * 1000:16.1f}" for t in times)
        note = " (a list: rows returned grow with the data)" if key[1] in LISTS else ""
        lines.append(f"{key[0]:<24} {key[1]:<27}{cells}   {ratio:5.2f}× {'PASS' if ok else 'FAIL'}{note}")
    lines.append(
        f"{passed}/{total} queries within {TARGET:.2f} s"
        + (" and the scaling target" if len(sizes) > 1 else "")
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,1000000", help="comma-separated dossier counts")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query; the best is reported")
    parser.add_argument("--database-url", default="", help="a PostgreSQL server; default SQLite files")
    args = parser.parse_args(argv)
    server = args.database_url or None
    results: dict[int, dict[tuple[str, str], float]] = {}
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"{n:,} dossiers: {'reusing' if is_built(n, server) else 'building'} …", flush=True)
        url = build(n, server, log=lambda line: print(line, flush=True))
        results[n] = measure(url, args.repeat)
    print(report(results, args.repeat, database_product(server)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
