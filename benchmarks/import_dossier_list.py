"""Benchmark: importing a large one-stop dossier list, against merely reading the same file with pandas.

    python -m benchmarks.import_dossier_list [--rows 100000] [--repeat 1] [--database-url URL]

Writes a realistic N-row dossier list (deterministic), then times, each as the best of K runs:
  baseline  pandas.read_excel(path, engine="openpyxl", header=2): only reading the file;
  import    dashboard.importing.importer.import_file: check, parse, validate and store into a freshly migrated,
            unit-seeded database (a new one per run);
  split     workbook open (data_loaders.workbook.open_workbook: file checks + calamine), loader
            (registry.detect + the loader's read_sheet), and the rest of the import (store: plan, insert,
            monthly refresh, commit), the last derived as import − open − loader.
The target is import ≤ 0.50 × baseline. It is a measurement, not a test: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pandas as pd
import xlsxwriter
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.settings import Settings, get_settings
from dashboard.store.db import make_engine, migrate
from dashboard.store.models import Dossier
from dashboard.store.units import REGISTRY_CSV, UnitMatcher, seed_units
from data_loaders.base import ParsedSheet
from data_loaders.problems import Problems
from data_loaders.registry import detect
from data_loaders.workbook import open_workbook

TARGET_RATIO = 0.50
HEADER = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Lĩnh vực",
    "Đơn vị tiếp nhận",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Hạn xử lý",
    "Ngày trả kết quả",
    "Trạng thái",
)
# Ten sectors with four procedures each, as a district-level one-stop system lists them.
PROCEDURES: dict[str, tuple[str, ...]] = {
    "Hộ tịch": (
        "Đăng ký khai sinh",
        "Đăng ký kết hôn",
        "Đăng ký khai tử",
        "Cấp bản sao trích lục hộ tịch",
    ),
    "Chứng thực": (
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản",
        "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch",
    ),
    "Đất đai": (
        "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
        "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu",
        "Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền",
        "Tách thửa hoặc hợp thửa đất",
    ),
    "Hoạt động xây dựng": (
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Điều chỉnh giấy phép xây dựng",
        "Gia hạn giấy phép xây dựng",
        "Cấp giấy phép sửa chữa, cải tạo công trình",
    ),
    "Thành lập và hoạt động của hộ kinh doanh": (
        "Đăng ký thành lập hộ kinh doanh",
        "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh",
        "Tạm ngừng hoạt động hộ kinh doanh",
        "Chấm dứt hoạt động hộ kinh doanh",
    ),
    "Bảo trợ xã hội": (
        "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng",
        "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội",
        "Xác định, xác định lại mức độ khuyết tật",
        "Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở",
    ),
    "Người có công": (
        "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ",
        "Hưởng mai táng phí, trợ cấp một lần khi người có công từ trần",
        "Cấp giấy giới thiệu đi thăm viếng mộ liệt sĩ",
        "Hỗ trợ người có công với cách mạng cải thiện nhà ở",
    ),
    "Giáo dục và Đào tạo": (
        "Chuyển trường đối với học sinh trung học cơ sở",
        "Xét, cấp học bổng chính sách",
        "Cho phép trường tiểu học hoạt động giáo dục",
        "Công nhận trường đạt chuẩn quốc gia",
    ),
    "Môi trường": (
        "Đăng ký môi trường",
        "Tham vấn báo cáo đánh giá tác động môi trường",
        "Xác nhận kế hoạch bảo vệ môi trường",
        "Cấp giấy phép môi trường",
    ),
    "Văn hóa cơ sở": (
        "Công nhận danh hiệu “Gia đình văn hóa”",
        "Đăng ký tổ chức lễ hội",
        "Thông báo tổ chức lễ hội",
        "Công nhận lần đầu “Khu dân cư văn hóa”",
    ),
}
CHANNELS = (("Trực tuyến", 55), ("Trực tiếp", 40), ("Dịch vụ bưu chính", 5))
FINISHED_SHARE = 0.90
LATE_SHARE = 0.05  # of all dossiers: finished after the due date
T = TypeVar("T")


# --------------------------------------------------------------------------- the workbook


def unit_names() -> list[str]:
    """The registry's 28 non-town units as exports write them (“UBND xã Phổ An”, “Phòng Tư pháp”)."""
    with REGISTRY_CSV.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        row["full_name"] if row["kind"] in ("ward", "commune") else row["name"]
        for row in rows
        if row["kind"] != "town"
    ]


def write_workbook(path: Path, rows: int, seed: int = 1) -> None:
    """A one-stop export of `rows` dossiers received in 2023 (same file for the same rows and seed)."""
    rng = random.Random(seed)
    units = unit_names()
    unit_weights = [rng.randint(1, 6) for _ in units]  # busy communes and quiet offices
    procedures = [(s, sector, proc) for s, (sector, procs) in enumerate(PROCEDURES.items()) for proc in procs]
    channel_names = [c for c, _ in CHANNELS]
    channel_weights = [w for _, w in CHANNELS]
    year_start = datetime(2023, 1, 1)
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as book:
        sheet = book.add_worksheet("Danh sách hồ sơ")
        bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter"})
        header = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1})
        when = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        for col, width in enumerate((7, 28, 50, 28, 32, 18, 17, 17, 17, 16)):
            sheet.set_column(col, col, width)
        last = len(HEADER) - 1
        sheet.merge_range(0, 0, 0, last, "DANH SÁCH HỒ SƠ TIẾP NHẬN", bold)
        sheet.merge_range(1, 0, 1, last, "Từ ngày 01/01/2023 đến ngày 31/12/2023", bold)
        sheet.write_row(2, 0, HEADER, header)
        for i in range(rows):
            r = i + 3
            received = year_start + timedelta(
                days=rng.randrange(365), minutes=rng.randrange(7 * 60 + 30, 17 * 60)
            )
            due = received + timedelta(days=rng.randint(1, 15))
            draw = rng.random()
            if draw < LATE_SHARE:
                finished: datetime | None = due + timedelta(
                    days=rng.randint(1, 10), minutes=rng.randrange(480)
                )
            elif draw < FINISHED_SHARE:
                finished = received + (due - received) * rng.uniform(0.05, 1.0)
            else:
                finished = None
            u = rng.choices(range(len(units)), unit_weights)[0]
            s, sector, procedure = procedures[rng.randrange(len(procedures))]
            code = f"000.{u:02d}.{s:02d}.H55-{received:%y%m%d}-{i + 1:06d}"
            sheet.write_number(r, 0, i + 1)
            sheet.write_string(r, 1, code)
            sheet.write_string(r, 2, procedure)
            sheet.write_string(r, 3, sector)
            sheet.write_string(r, 4, units[u])
            sheet.write_string(r, 5, rng.choices(channel_names, channel_weights)[0])
            sheet.write_datetime(r, 6, received, when)
            sheet.write_datetime(r, 7, due, when)
            if finished is not None:
                sheet.write_datetime(r, 8, finished, when)
            sheet.write_string(r, 9, "Đã trả kết quả" if finished is not None else "Đang xử lý")


# --------------------------------------------------------------------------- databases


@contextmanager
def fresh_database(url: str | None) -> Iterator[Engine]:
    """A migrated, unit-seeded, empty database: a SQLite file in a temp dir, or a new PostgreSQL schema."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="ioc-bench-db-") as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
            try:
                _prepare(engine)
                yield engine
            finally:
                engine.dispose()
        return
    # The way tests/conftest.py isolates PostgreSQL runs: a throw-away schema on the search path.
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}")
    try:
        _prepare(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _prepare(engine: Engine) -> None:
    migrate(engine)
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()


def database_product(url: str | None) -> str:
    """'SQLite 3.40.1', or 'PostgreSQL 15.20 …' as the server at `url` reports it."""
    if url is None:
        return f"SQLite {sqlite3.sqlite_version}"
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return f"PostgreSQL {conn.execute(text('SHOW server_version')).scalar_one()}"
    finally:
        engine.dispose()


def backend_name(url: str | None) -> str:
    """The database product and version, for the results table."""
    if url is None:
        return f"{database_product(None)} (fresh file in a temp dir)"
    shown = make_engine(url).url.render_as_string(hide_password=True)
    return f"{database_product(url)} (fresh schema on {shown})"


# --------------------------------------------------------------------------- timing


@dataclass
class Timings:
    """Best-of-K seconds of each measured step."""

    baseline: float = float("inf")
    import_: float = float("inf")
    baseline_cpu: float = float("inf")  # CPU seconds of this process (a shared machine stretches wall time)
    import_cpu: float = float("inf")
    open_: float = float("inf")
    load: float = float("inf")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds taken by fn() (after a garbage collection, so one run's garbage is not the next's cost)."""
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def timed_import(
    content: bytes,
    file_name: str,
    engine: Engine,
    settings: Settings,
    issues: list[str],
    *,
    accept_warnings: bool = False,
) -> tuple[float, ImportResult | None]:
    """import_file timed as user “benchmark”; if it raises, (inf, None) and the exception's first line in issues."""

    def do_import() -> ImportResult:
        return import_file(
            content,
            file_name,
            engine=engine,
            user="benchmark",
            accept_warnings=accept_warnings,
            settings=settings,
        )

    try:
        return timed(do_import)
    except Exception as exc:  # a measurement reports a broken import instead of stopping
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        issues.append(f"import_file raised {type(exc).__name__}: {first}")
        return float("inf"), None


def time_open_and_load(
    content: bytes, file_name: str, settings: Settings, matcher: UnitMatcher, best: Timings
) -> list[ParsedSheet]:
    """Time the workbook open and the loader (detect + read_sheet) on their own; returns the parsed sheets."""
    seconds, book = timed(lambda: open_workbook(content, file_name, settings))
    best.open_ = min(best.open_, seconds)

    def load() -> list[ParsedSheet]:
        parsed: list[ParsedSheet] = []
        for sheet in book.sheets:
            found = detect(sheet)
            if found is not None:
                loader, header = found
                parsed.append(loader.read_sheet(sheet, header, matcher, Problems()))
        return parsed

    seconds, sheets = timed(load)
    best.load = min(best.load, seconds)
    return sheets


def run_once(path: Path, content: bytes, url: str | None, rows: int, best: Timings) -> list[str]:
    """One run of every measurement; returns what went wrong (empty when the import stored every row)."""
    settings = get_settings()
    cpu = time.process_time()
    seconds, frame = timed(lambda: pd.read_excel(path, engine="openpyxl", header=2))
    best.baseline, best.baseline_cpu = (
        min(best.baseline, seconds),
        min(best.baseline_cpu, time.process_time() - cpu),
    )
    issues = [] if len(frame) == rows else [f"pandas read {len(frame)} rows, expected {rows}"]
    del frame
    with fresh_database(url) as engine:
        cpu = time.process_time()
        seconds, result = timed_import(content, path.name, engine, settings, issues)
        if result is not None:
            best.import_, best.import_cpu = (
                min(best.import_, seconds),
                min(best.import_cpu, time.process_time() - cpu),
            )
            issues += [p.line(path.name) for p in result.problems.items]
            if not result.stored:
                issues.append("import_file did not store the file")
            del result
        with Session(engine) as session:
            stored = session.execute(select(func.count()).select_from(Dossier)).scalar_one()
            matcher = UnitMatcher.load(session=session)
        if stored != rows:
            issues.append(f"{stored} dossiers stored, expected {rows}")
    sheets = time_open_and_load(content, path.name, settings, matcher, best)
    loaded = sum(len(parsed.extra.get("frame", ())) for parsed in sheets)
    if loaded != rows:
        issues.append(f"the loader alone read {loaded} dossiers, expected {rows}")
    return issues


# --------------------------------------------------------------------------- report


def machine() -> str:
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}"
    )


def report(rows: int, size: int, repeat: int, backend: str, t: Timings, issues: list[str]) -> str:
    imported = t.import_ != float("inf")
    ratio = t.import_ / t.baseline
    verdict = "PASS" if ratio <= TARGET_RATIO and not issues else "FAIL"
    store = t.import_ - t.open_ - t.load

    def secs(value: float) -> str:
        return f"{value:.2f} s" if imported else "— (the import failed)"

    lines = [
        ("machine", machine()),
        ("database", backend),
        ("rows", f"{rows:,}"),
        ("file size", f"{size / 1048576:.2f} MB"),
        ("runs (best of)", str(repeat)),
        ("baseline: pandas.read_excel (openpyxl)", f"{t.baseline:.2f} s"),
        ("import_file (parse + validate + store)", secs(t.import_)),
        ("  of which workbook open (checks + calamine)", f"{t.open_:.2f} s"),
        ("  of which loader (detect + read_sheet)", f"{t.load:.2f} s"),
        ("  of which store and the rest (derived)", secs(store)),
        (
            "ratio import / baseline",
            f"{ratio:.2f} (CPU {t.import_cpu / t.baseline_cpu:.2f})" if imported else "—",
        ),
        ("load average (1 min, 5 min)", "{:.1f}, {:.1f}".format(*os.getloadavg()[:2])),
        ("target", f"≤ {TARGET_RATIO:.2f}"),
        ("result", verdict),
    ]
    return format_report(lines, issues)


def format_report(lines: list[tuple[str, str]], issues: list[str]) -> str:
    """Aligned “name  value” lines, then what went wrong (at most 20 lines) if anything did."""
    width = max(len(k) for k, _ in lines)
    out = [f"{k.ljust(width)}  {v}" for k, v in lines]
    if issues:
        out.append("")
        out.append("The import did not do what was expected (the figures above are not comparable):")
        out += [f"  {line}" for line in issues[:20]]
    return "\n".join(out)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """--repeat, --database-url and --workbook, which every import benchmark takes."""
    parser.add_argument("--repeat", type=int, default=1, help="runs; each figure is the best of them (1)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="PostgreSQL server URL (a fresh schema per run, dropped after); default a temp SQLite file",
    )
    parser.add_argument(
        "--workbook", type=Path, default=None, help="also keep the generated workbook at this path"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_dossier_list",
        description="Time importing a large dossier list against pandas merely reading it.",
    )
    parser.add_argument("--rows", type=int, default=100_000, help="dossiers in the workbook (100000)")
    add_run_options(parser)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")
    url: str | None = args.database_url
    backend = backend_name(url)
    with tempfile.TemporaryDirectory(prefix="ioc-bench-") as tmp:
        path = args.workbook or Path(tmp) / f"danh_sach_ho_so_{args.rows}.xlsx"
        print(f"Writing {args.rows:,} dossiers to {path} …", flush=True)
        seconds, _ = timed(lambda: write_workbook(path, args.rows))
        content = path.read_bytes()
        print(f"  written in {seconds:.1f} s ({len(content) / 1048576:.2f} MB)", flush=True)
        best = Timings()
        issues: list[str] = []
        for run in range(1, args.repeat + 1):
            print(f"Run {run}/{args.repeat} …", flush=True)
            issues += [i for i in run_once(path, content, url, args.rows, best) if i not in issues]
        print()
        print(report(args.rows, len(content), args.repeat, backend, best, issues))
    return 0


if __name__ == "__main__":
    sys.exit(main())
