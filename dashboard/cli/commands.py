"""The command line: `python -m dashboard import|kpis|report|seed|template|serve|units|layouts`."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from base.text import printable

if TYPE_CHECKING:
    from dashboard.importing.result import ImportResult

# Every subcommand imports what it needs when it runs: SQLAlchemy, pandas and the loaders cost ~2 s of start-up
# that `--help` (and a mistyped command) should not pay.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = PROJECT_ROOT / "sample_data"
# Public files published by others (the national portal's 766 export): not generated, loaded by `seed` all the same
# so that every leaders' page of a sample installation shows figures.
PUBLIC_SAMPLE_DIR = SAMPLE_DIR / "public"


def say(line: str) -> None:
    """Print one line whose every part may come from a file: a newline or escape in it cannot start a line."""
    print(printable(line))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit status is 0 only when it did what was asked."""
    args = _parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="IOC Dashboard — dòng lệnh")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("import", help="Nhập tệp Excel (kiểm tra rồi lưu, tất cả hoặc không gì cả)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
    p.add_argument("--accept-warnings", action="store_true", help="Chấp nhận các cảnh báo và lưu")
    p.add_argument("--user", default=None, help="Người nhập (ghi vào lịch sử)")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("kpis", help="In các chỉ số của một phạm vi")
    p.add_argument("--json", action="store_true", help="In dạng JSON (mặc định)")
    p.add_argument("--unit", default=None, help="Tên đơn vị (mọi cách viết đã biết); bỏ trống: toàn địa bàn")
    p.add_argument("--from", dest="date_from", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    p.add_argument("--as-of", dest="as_of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD")
    p.set_defaults(func=_cmd_kpis)

    p = sub.add_parser("seed", help="Nạp dữ liệu mẫu vào cơ sở dữ liệu trống")
    p.set_defaults(func=_cmd_seed)

    p = sub.add_parser("template", help="Tạo tệp mẫu trống để nhập liệu")
    p.add_argument("kind", help="Loại báo cáo: dossier_report, dossier_list")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("serve", help="Chạy bảng điều khiển (Streamlit)")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("user", help="Quản lý tài khoản")
    user_sub = p.add_subparsers(required=True, metavar="ACTION")
    u = user_sub.add_parser("add", help="Tạo tài khoản (mật khẩu nhập từ bàn phím hoặc --password-stdin)")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=["viewer", "uploader", "admin"])
    u.add_argument("--full-name", default="")
    u.add_argument("--unit", action="append", default=[], help="Đơn vị được cập nhật số liệu (lặp lại được)")
    u.add_argument("--password-stdin", action="store_true", help="Đọc mật khẩu từ dòng đầu của stdin")
    u.set_defaults(func=_cmd_user_add)
    u = user_sub.add_parser("password", help="Đặt lại mật khẩu")
    u.add_argument("username")
    u.add_argument("--password-stdin", action="store_true")
    u.set_defaults(func=_cmd_user_password)

    p = sub.add_parser(
        "report", help="Báo cáo tuần/tháng gửi lãnh đạo: tạo tệp PDF, Excel, hoặc gửi các báo cáo đến hạn"
    )
    p.add_argument(
        "--scope", default=None, metavar="MÃ", help="Mã đơn vị như dv= trên trang; bỏ trống: toàn địa bàn"
    )
    p.add_argument(
        "--period",
        default=None,
        metavar="KỲ",
        help="Kỳ như ky= trên trang: m2023-05, q2023-2, c2023-05-22_2023-05-28 …",
    )
    p.add_argument("--pdf", type=Path, default=None, metavar="OUT.pdf")
    p.add_argument("--xlsx", type=Path, default=None, metavar="OUT.xlsx")
    p.add_argument(
        "--send-due", action="store_true", help="Gửi các báo cáo định kỳ đã đến hạn (cho cron/systemd timer)"
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("units", help="Liệt kê danh mục đơn vị")
    p.set_defaults(func=_cmd_units)

    p = sub.add_parser("layouts", help="Liệt kê các mẫu cột đã lưu (lệnh import tự dùng chúng)")
    p.add_argument("--delete", type=int, default=None, metavar="ID", help="Xóa mẫu cột số ID")
    p.set_defaults(func=_cmd_layouts)
    return parser


def _cmd_import(args: argparse.Namespace) -> int:
    from dashboard.importing.importer import import_file
    from dashboard.settings import get_settings
    from dashboard.store.db import get_engine

    engine = get_engine()
    user = printable(args.user or get_settings().default_user)
    # A 100,000-row list makes millions of objects and few cycles: the modules' objects are set aside from the
    # collector and it runs less often (its default is every 700 new objects), which is CPU the import keeps.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    failed = 0
    for path in args.files:
        name = printable(path.name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            say(f"ERROR {name} [unreadable] Không đọc được tệp: {exc.strerror or exc}.")
            failed += 1
            continue
        result = import_file(
            content,
            path.name,
            engine=engine,
            user=user,
            accept_warnings=args.accept_warnings,
            dry_run=args.dry_run,
        )
        for note in result.notes:
            say(note.line(name))
        for problem in result.problems.items:
            say(problem.line(name))
        for line in result.problems.summary_lines():
            say(line)
        say(_outcome(name, result, dry_run=args.dry_run))
        failed += 0 if result.stored or (args.dry_run and _clean(result)) else 1
    return 1 if failed else 0


def _clean(result: ImportResult) -> bool:
    return not result.problems.has_errors() and not result.blocked_by_warnings


def _outcome(name: str, result: ImportResult, *, dry_run: bool) -> str:
    """The final OK/FAILED line of a file; only this function writes one."""
    if result.stored:
        rows = sum(s.rows.stored for s in result.sheets)
        skipped = sum(s.extra.get("skipped_rows", 0) for s in result.sheets)
        note = f"; bỏ qua {skipped} dòng có ngày ngoài khoảng hợp lý" if skipped else ""
        return f"OK {name}: đã lưu lô {', '.join(f'#{i}' for i in result.batch_ids)}{_rows_note(rows)}{note}."
    if result.problems.has_errors():
        return f"FAILED {name}: có lỗi, không lưu gì. Hãy sửa các lỗi trên rồi nhập lại."
    if result.blocked_by_warnings:
        return f"FAILED {name}: có cảnh báo; chưa lưu. Kiểm tra rồi chạy lại với --accept-warnings để lưu."
    if dry_run:
        return f"OK {name}: hợp lệ (chạy thử --dry-run, không lưu)."
    return f"FAILED {name}: không lưu được."


def _rows_note(rows: int) -> str:
    return f", {rows} dòng" if rows else ""


def _cmd_kpis(args: argparse.Namespace) -> int:
    import json

    from sqlmodel import Session

    from dashboard.queries.kpi_report import kpi_report, latest_kpi_report
    from dashboard.store.db import get_engine
    from dashboard.store.units import UnitMatcher
    from data_loaders.reasons import unknown_unit

    engine = get_engine()
    with Session(engine) as session:
        unit_id = None
        if args.unit:
            matcher = UnitMatcher.load(session=session)
            unit = matcher.match(args.unit, args.date_to)
            if unit is None:
                print(f"ERROR {unknown_unit(args.unit, matcher.suggest(args.unit))}", file=sys.stderr)
                return 2
            unit_id = unit.id
        if args.date_from is None and args.date_to is None:
            report = latest_kpi_report(session=session, unit_id=unit_id, as_of=args.as_of)
        else:
            report = kpi_report(
                session=session, unit_id=unit_id, start=args.date_from, end=args.date_to, as_of=args.as_of
            )
    print(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    return 0


def _cmd_seed(_args: argparse.Namespace) -> int:
    from sqlmodel import select

    from dashboard.importing.importer import import_file
    from dashboard.store.db import get_engine, session_scope
    from dashboard.store.models import Batch

    engine = get_engine()  # the migrations have loaded the unit registry: seed adds only the sample data
    with session_scope(engine) as session:
        has_batches = session.exec(select(Batch.id).limit(1)).first() is not None
    if has_batches:
        print("Cơ sở dữ liệu đã có số liệu; không nạp dữ liệu mẫu.")
        return 0
    files = sorted(SAMPLE_DIR.glob("*.xlsx")) + sorted(PUBLIC_SAMPLE_DIR.glob("*.xlsx"))
    failed = 0
    for path in files:
        result = import_file(path.read_bytes(), path.name, engine=engine, user="mẫu", accept_warnings=True)
        if not result.stored:
            failed += 1
            for problem in result.problems.items:
                say(problem.line(path.name))
    print(f"Đã nạp {len(files) - failed}/{len(files)} tệp mẫu.")
    return 1 if failed else 0


def _cmd_template(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.store.db import get_engine
    from dashboard.store.units import UnitMatcher
    from dashboard.workbooks.templates import TEMPLATE_KINDS, write_template

    if args.kind not in TEMPLATE_KINDS:
        print(
            f"ERROR Loại “{args.kind}” không có mẫu; các loại: {', '.join(TEMPLATE_KINDS)}.", file=sys.stderr
        )
        return 2
    engine = get_engine()
    with Session(engine) as session:
        names = [u.name for u in UnitMatcher.load(session=session).all()]
    write_template(args.out, args.kind, names)
    print(f"Đã tạo {args.out}")
    return 0


def streamlit_flags(config_file: Path) -> list[str]:
    """streamlit_config/config.toml as `--section.option value` flags, so it applies from any folder."""
    import tomllib

    flags: list[str] = []
    for section, options in tomllib.loads(config_file.read_text(encoding="utf-8")).items():
        for key, value in options.items():
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", shown]
    return flags


def _cmd_serve(args: argparse.Namespace) -> int:
    from dashboard.store.db import get_engine

    get_engine()  # migrate before the first page asks for data
    cmd = [
        sys.executable,
        "-m",
        "dashboard.web.streamlit_main",
        "run",
        str(PROJECT_ROOT / "dashboard" / "web" / "app.py"),
    ]
    cmd += streamlit_flags(PROJECT_ROOT / "streamlit_config" / "config.toml")
    cmd += ["--server.port", str(args.port)]
    print(f"IOC Dashboard: http://localhost:{args.port}", flush=True)
    os.chdir(PROJECT_ROOT)
    # Become Streamlit (no child process): a supervisor's or a test's stop signal reaches the server itself.
    os.execv(sys.executable, cmd)


def _read_password(from_stdin: bool) -> str:
    import getpass

    from dashboard.access.auth import AuthError

    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise AuthError("Hai lần nhập mật khẩu không khớp.")
    return first


def _cmd_user_add(args: argparse.Namespace) -> int:
    from dashboard.access.auth import AuthError, add_user
    from dashboard.store.db import get_engine, session_scope
    from dashboard.store.units import UnitMatcher
    from data_loaders.reasons import unknown_unit

    engine = get_engine()
    try:
        with session_scope(engine) as session:
            matcher = UnitMatcher.load(session=session)
            codes = []
            for name in args.unit:
                unit = matcher.match(name)
                if unit is None:
                    raise AuthError(unknown_unit(name, matcher.suggest(name)))
                codes.append(unit.code)
            add_user(
                session=session,
                username=args.username,
                password=_read_password(args.password_stdin),
                role=args.role,
                full_name=args.full_name,
                unit_codes=codes,
            )
    except AuthError as exc:
        print(f"ERROR {exc.message}", file=sys.stderr)
        return 2
    print(f"Đã tạo tài khoản {args.username.lower()} ({args.role}).")
    return 0


def _cmd_user_password(args: argparse.Namespace) -> int:
    from dashboard.access.auth import AuthError, set_password
    from dashboard.store.db import get_engine, session_scope

    try:
        with session_scope(get_engine()) as session:
            set_password(
                session=session,
                username=args.username,
                password=_read_password(args.password_stdin),
                by="cli",
            )
    except AuthError as exc:
        print(f"ERROR {exc.message}", file=sys.stderr)
        return 2
    print(f"Đã đặt lại mật khẩu cho {args.username.lower()}.")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    if args.send_due:
        return _send_due()
    import time

    from sqlmodel import Session

    from base import periods
    from base.formatting import vietnam_now, vn_number
    from dashboard.reports.files import build_report_files
    from dashboard.settings import get_settings
    from dashboard.store.db import get_engine
    from dashboard.store.units import UnitMatcher

    period = periods.from_token(args.period)
    if period is None:
        print(
            f"ERROR Kỳ “{args.period or ''}” không đọc được; viết như ky= trên trang: m2023-05 (tháng), q2023-2 "
            "(quý), n2023-5 (5 tháng đầu năm), y2023 (năm), c2023-05-22_2023-05-28 (từ ngày – đến ngày).",
            file=sys.stderr,
        )
        return 2
    if args.pdf is None and args.xlsx is None:
        print("ERROR Cần --pdf OUT.pdf và/hoặc --xlsx OUT.xlsx (hoặc --send-due).", file=sys.stderr)
        return 2
    with Session(get_engine()) as session:
        unit_id = None
        if args.scope:
            units = UnitMatcher.load(session=session).all()
            unit = next((u for u in units if u.code == args.scope), None)
            if unit is None:
                close = [u.code for u in units if args.scope.lower() in u.code]
                hint = f" Có phải: {', '.join(close[:5])}?" if close else ""
                print(
                    f"ERROR Không có đơn vị mã “{args.scope}” (mã như dv= trên trang; xem: python -m dashboard "
                    f"units).{hint}",
                    file=sys.stderr,
                )
                return 2
            unit_id = unit.id
        started = time.perf_counter()
        now = vietnam_now()
        files = build_report_files(
            session=session,
            period=period,
            unit_id=unit_id,
            today=now.date(),
            generated_at=now,
            dashboard_url=get_settings().dashboard_url,
        )
    for path, content in ((args.pdf, files.pdf), (args.xlsx, files.xlsx)):
        if path is not None:
            try:
                path.write_bytes(content)
            except OSError as exc:
                print(f"ERROR Không ghi được {path}: {exc.strerror or exc}.", file=sys.stderr)
                return 1
            say(f"Đã tạo {path} ({vn_number(len(content))} byte)")
    elapsed = vn_number(time.perf_counter() - started, 1)
    say(f"{files.report.title} — {files.report.unit_label} — {period.label}: lập trong {elapsed} giây.")
    return 0


def _send_due() -> int:
    from dashboard.reports.alerts import send_alerts
    from dashboard.reports.runner import send_due
    from dashboard.settings import get_settings
    from dashboard.store.db import get_engine

    outcomes = send_due(get_engine(), get_settings())
    # Alerts after the reports: an alert is short, a report already due should not wait behind its evaluation.
    alerts = send_alerts(get_engine(), get_settings())
    for outcome in [*outcomes, *alerts]:
        say(outcome.line())
    if not outcomes:
        print("Không có báo cáo nào đến hạn.")
    return 0 if all(o.ok for o in [*outcomes, *alerts]) else 1


def _cmd_units(_args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.store.db import get_engine
    from dashboard.store.units import UnitMatcher

    engine = get_engine()
    with Session(engine) as session:
        for unit in UnitMatcher.load(session=session).all():
            print(f"{unit.code:28} {unit.kind:8} {unit.full_name}")
    return 0


def _cmd_layouts(args: argparse.Namespace) -> int:
    from sqlmodel import Session

    from dashboard.importing.layouts import delete_layout, layout_rows
    from dashboard.settings import get_settings
    from dashboard.store.db import get_engine, session_scope

    engine = get_engine()
    if args.delete is not None:
        with session_scope(engine) as session:
            deleted = delete_layout(args.delete, get_settings().default_user, session=session)
        if not deleted:
            print(f"ERROR Không có mẫu cột #{args.delete}.", file=sys.stderr)
            return 2
        print(f"Đã xóa mẫu cột #{args.delete}.")
        return 0
    with Session(engine) as session:
        rows = layout_rows(session=session)
    if not rows:
        print("Chưa có mẫu cột nào được lưu.")
    for row in rows:
        print(row.line())
    return 0
