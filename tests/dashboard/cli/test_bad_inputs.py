"""Bad uploads through the command line: each problem is named (file › sheet › cell [code]) and nothing is stored."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

import dashboard.settings
import dashboard.store.db
from dashboard.cli.commands import main
from dashboard.store.units import seed_units

# ---------------------------------------------------------------------------------------------------------
# Builders: a clean official report (form II.06a) and a clean dossier list; each test breaks one thing.
# ---------------------------------------------------------------------------------------------------------

REPORT_SHEET = "Biểu II.06a"
LIST_SHEET = "DS hồ sơ"
PERIOD = "Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023"
TITLE_UNIT = "UBND XÃ PHỔ AN"
FIRST_DATA_ROW = 12

# (group in row 8, sub-group in row 9, leaf in row 10); None means the cell above spans down.
REPORT_COLUMNS: tuple[tuple[str, str | None, str | None], ...] = (
    ("Số hồ sơ nhận giải quyết", "Tổng số", None),
    ("Số hồ sơ nhận giải quyết", "Số kỳ trước chuyển qua", None),
    ("Số hồ sơ nhận giải quyết", "Số mới tiếp nhận", "Trực tuyến"),
    ("Số hồ sơ nhận giải quyết", "Số mới tiếp nhận", "Trực tiếp, dịch vụ bưu chính"),
    ("Kết quả giải quyết", "Số hồ sơ đã giải quyết", "Tổng số"),
    ("Kết quả giải quyết", "Số hồ sơ đã giải quyết", "Trả trước hạn"),
    ("Kết quả giải quyết", "Số hồ sơ đã giải quyết", "Trả đúng thời hạn"),
    ("Kết quả giải quyết", "Số hồ sơ đã giải quyết", "Trả quá hạn"),
    ("Kết quả giải quyết", "Số hồ sơ đang giải quyết", "Tổng số"),
    ("Kết quả giải quyết", "Số hồ sơ đang giải quyết", "Trong hạn"),
    ("Kết quả giải quyết", "Số hồ sơ đang giải quyết", "Quá hạn"),
    ("Số hồ sơ rút, trả lại", None, None),
)
RESOLVED_GROUP = range(4, 8)  # indexes of the "Số hồ sơ đã giải quyết" columns (G..J)

ReportRow = tuple[str, str, Sequence[object]]
SECTOR_ROWS: list[ReportRow] = [
    ("1", "Hộ tịch", [1000, 20, 500, 480, 990, 900, 0, 90, 5, 5, 0, 5]),
    ("2", "Chứng thực", [1098, 23, 409, 666, 1059, 839, 0, 220, 15, 15, 0, 24]),
]
SECTOR_TOTAL: list[object] = [2098, 43, 909, 1146, 2049, 1739, 0, 310, 20, 20, 0, 29]


def _merge(ws: Worksheet, r0: int, c0: int, r1: int, c1: int) -> None:
    if (r0, c0) != (r1, c1):
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)


def _runs(labels: Sequence[object]) -> list[tuple[int, int, object]]:
    """(first, last, label) for each run of equal consecutive labels (0-based positions)."""
    runs: list[tuple[int, int, object]] = []
    for i, label in enumerate(labels):
        if runs and runs[-1][2] == label and label is not None and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i, label)
        else:
            runs.append((i, i, label))
    return runs


def write_report(
    ws: Worksheet,
    rows: Sequence[ReportRow] = SECTOR_ROWS,
    *,
    total: Sequence[object] | None = SECTOR_TOTAL,
    period: str | None = PERIOD,
    title_unit: str = TITLE_UNIT,
    without_resolved: bool = False,
) -> None:
    """Fill a worksheet with a form II.06a report: titles, a 3-row merged header, (1)…(14), rows, total."""
    keep = [i for i in range(len(REPORT_COLUMNS)) if not (without_resolved and i in RESOLVED_GROUP)]
    columns = [REPORT_COLUMNS[i] for i in keep]
    ws["A1"] = "UBND THỊ XÃ ĐỨC PHỔ"
    ws["A2"] = title_unit
    ws["A4"] = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
    if period is not None:
        ws["A5"] = period
    ws["A8"], ws["B8"] = "STT", "Lĩnh vực giải quyết"
    _merge(ws, 8, 1, 10, 1)
    _merge(ws, 8, 2, 10, 2)
    first = 3  # column C
    for start, end, group in _runs([c[0] for c in columns]):
        ws.cell(8, first + start, group)
        spans_down = all(columns[i][1] is None for i in range(start, end + 1))
        _merge(ws, 8, first + start, 10 if spans_down else 8, first + end)
        if spans_down:
            continue
        for s_start, s_end, sub in _runs([columns[i][1] for i in range(start, end + 1)]):
            a, b = start + s_start, start + s_end
            ws.cell(9, first + a, sub)
            leafless = all(columns[i][2] is None for i in range(a, b + 1))
            _merge(ws, 9, first + a, 10 if leafless else 9, first + b)
            for i in range(a, b + 1):
                if columns[i][2] is not None:
                    ws.cell(10, first + i, columns[i][2])
    for c in range(2 + len(columns)):
        ws.cell(11, 1 + c, f"({c + 1})")
    r = FIRST_DATA_ROW
    for stt, label, values in rows:
        ws.cell(r, 1, stt)
        ws.cell(r, 2, label)
        for c, i in enumerate(keep):
            ws.cell(r, first + c, values[i])
        r += 1
    if total is not None:
        ws.cell(r, 2, "Tổng cộng")
        for c, i in enumerate(keep):
            ws.cell(r, first + c, total[i])
        r += 1
    ws.cell(r + 2, 2, "NGƯỜI LẬP BIỂU")


LIST_HEADER = (
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
LIST_FIRST_DATA_ROW = 3


def dossier(
    n: int,
    *,
    unit: str = "UBND xã Phổ An",
    channel: str = "Trực tuyến",
    received: object = None,
    due: object = None,
    finished: object = "",
    status: str = "Đã trả kết quả",
) -> list[object]:
    """One clean dossier row (finished by default), numbered n."""
    day = 1 + n % 20
    return [
        n,
        f"000.00.21.H48-2303{n:02d}-{n:04d}",
        "Đăng ký khai sinh",
        "Hộ tịch",
        unit,
        channel,
        received if received is not None else datetime(2023, 3, day, 8, 30),
        due if due is not None else f"{day + 5:02d}/03/2023 17:00",
        finished if finished != "" else datetime(2023, 3, day + 2, 10, 0),
        status,
    ]


def clean_dossiers(count: int = 3) -> list[list[object]]:
    rows = [dossier(n) for n in range(1, count + 1)]
    rows[-1] = dossier(count, channel="Trực tiếp", finished=None, status="Đang xử lý")
    return rows


def write_list(ws: Worksheet, rows: Sequence[Sequence[object]]) -> None:
    ws["A1"] = "DANH SÁCH HỒ SƠ"
    for c, name in enumerate(LIST_HEADER, start=1):
        ws.cell(2, c, name)
    for r, row in enumerate(rows, start=LIST_FIRST_DATA_ROW):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)


def to_bytes(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def report_xlsx(rows: Sequence[ReportRow] = SECTOR_ROWS, **kwargs: object) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = REPORT_SHEET
    write_report(ws, rows, **kwargs)  # type: ignore[arg-type]
    return to_bytes(wb)


def list_xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = LIST_SHEET
    write_list(ws, rows)
    return to_bytes(wb)


def with_cell(rows: Sequence[ReportRow], row: int, col: str, value: object) -> list[ReportRow]:
    """A copy of report rows with one number replaced (row: sheet row, col: letter C..N)."""
    out = [(stt, label, list(values)) for stt, label, values in rows]
    out[row - FIRST_DATA_ROW][2][ord(col) - ord("C")] = value
    return [(stt, label, values) for stt, label, values in out]


def with_dossier(index: int, **changes: object) -> list[list[object]]:
    """The clean dossier list with row `index` (0-based) rebuilt with some fields changed."""
    rows = clean_dossiers()
    rows[index] = dossier(index + 1, **changes)  # type: ignore[arg-type]
    return rows


def rewrite_part(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same xlsx with one zip part rewritten."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == part else data)
    return out.getvalue()


def with_doctype(xml: bytes) -> bytes:
    declaration, sep, rest = xml.partition(b"?>")
    doctype = b'<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    return declaration + sep + doctype + rest if sep else doctype + xml


def unrelated_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ghi chú"
    ws["A1"] = "Danh sách cán bộ trực Tết"
    ws["A2"], ws["B2"] = "Họ và tên", "Số điện thoại"
    ws["A3"], ws["B3"] = "Nguyễn Văn A", "0912 345 678"
    return to_bytes(wb)


# Three communes; "Phổ Ann" is a typo of Phổ An, the other two are known, so the rows read as units.
UNIT_ROWS: list[ReportRow] = [
    ("1", "Phổ Ann", SECTOR_ROWS[0][2]),
    ("2", "Phổ Châu", SECTOR_ROWS[1][2]),
    ("3", "Phổ Cường", SECTOR_ROWS[0][2]),
]
UNIT_TOTAL = [a + a + b for a, b in zip(SECTOR_ROWS[0][2], SECTOR_ROWS[1][2], strict=True)]  # type: ignore[operator]


# ---------------------------------------------------------------------------------------------------------
# The app pointed at the per-test database, and the CLI run.
# ---------------------------------------------------------------------------------------------------------

APP_TABLES = ("batch", "storedfile", "dossierfigure", "dossier", "dossiermonthly", "dataversion")


def _clear_caches() -> None:
    dashboard.settings.get_settings.cache_clear()
    dashboard.store.db._engine_for.cache_clear()


@pytest.fixture
def app_db(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The test database with the unit registry, configured as the CLI's database."""
    with Session(engine) as s:
        seed_units(session=s)
        s.commit()
    monkeypatch.setenv("IOC_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    _clear_caches()
    app_engine = dashboard.store.db.get_engine()
    yield engine
    app_engine.dispose()
    _clear_caches()


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, every table of the schema."""
    names = inspect(engine).get_table_names()
    assert set(APP_TABLES) <= set(names)
    with engine.connect() as conn:
        return {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one() for name in names}


@dataclass
class CliRun:
    status: int
    out: str
    err: str
    seconds: float

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def run_import(capsys: pytest.CaptureFixture[str], *args: object) -> CliRun:
    capsys.readouterr()
    start = time.monotonic()
    status = main(["import", *(str(a) for a in args)])
    seconds = time.monotonic() - start
    captured = capsys.readouterr()
    return CliRun(status, captured.out, captured.err, seconds)


def expected_prefix(file_name: str, code: str, sheet: str | None, cell: str | None) -> str:
    where = " › ".join(part for part in (file_name, sheet, cell) if part)
    return f"ERROR {where} [{code}]"


def assert_refused(
    run: CliRun,
    file_name: str,
    code: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    contains: Sequence[str] = (),
) -> None:
    """Non-zero exit, no traceback, and an ERROR line naming the file (sheet, cell) with the reason code."""
    assert run.status != 0, run.out
    assert "Traceback" not in run.out
    assert "Traceback" not in run.err
    errors = [line for line in run.lines if line.startswith("ERROR")]
    assert errors, run.out
    prefix = expected_prefix(file_name, code, sheet, cell)
    matching = [line for line in errors if line.startswith(prefix)]
    assert matching, f"no line starting with {prefix!r} in:\n{run.out}"
    for needle in contains:
        assert any(needle in line for line in matching), f"{needle!r} not in {matching}"
    assert f"FAILED {file_name}" in run.out


# ---------------------------------------------------------------------------------------------------------
# The table of bad inputs.
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    file_name: str
    build: Callable[[], bytes]
    code: str
    sheet: str | None = None
    cell: str | None = None
    contains: tuple[str, ...] = ()


def _truncated() -> bytes:
    content = report_xlsx()
    return content[: len(content) // 2]


CASES = [
    pytest.param(
        Case("bao_cao.xlsx", lambda: "STT;Lĩnh vực;Tổng số\n1;Hộ tịch;1000\n".encode(), "not_excel"),
        id="text-renamed-xlsx",
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n",
            "not_excel",
        ),
        id="pdf",
    ),
    pytest.param(Case("bao_cao.xlsx", lambda: b"", "empty_file"), id="empty"),
    pytest.param(Case("bao_cao.xlsm", report_xlsx, "macro_file"), id="xlsm-name"),
    pytest.param(Case("bao_cao.xlsx", _truncated, "not_excel"), id="truncated-zip"),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: rewrite_part(report_xlsx(), "xl/worksheets/sheet1.xml", with_doctype),
            "xml_entities",
        ),
        id="xml-doctype",
    ),
    pytest.param(
        Case("ghi_chu.xlsx", unrelated_xlsx, "no_table", contains=("Ghi chú",)), id="unrelated-sheet"
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(without_resolved=True),
            "missing_column",
            REPORT_SHEET,
            "dòng 8",
            ("Số hồ sơ đã giải quyết",),
        ),
        id="missing-resolved-group",
    ),
    pytest.param(
        Case(
            "bao_cao_xa.xlsx",
            lambda: report_xlsx(UNIT_ROWS, total=UNIT_TOTAL, title_unit="UBND THỊ XÃ ĐỨC PHỔ"),
            "unknown_unit",
            REPORT_SHEET,
            "dòng 12",
            ("Phổ Ann", "Có phải là: Phổ An"),
        ),
        id="unknown-unit",
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(with_cell(SECTOR_ROWS, 12, "E", -5)),
            "negative",
            REPORT_SHEET,
            "E12",
        ),
        id="negative",
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(with_cell(SECTOR_ROWS, 13, "F", "abc")),
            "not_a_number",
            REPORT_SHEET,
            "F13",
            ("abc",),
        ),
        id="not-a-number",
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(with_cell(SECTOR_ROWS, 12, "N", "2,5")),
            "not_whole",
            REPORT_SHEET,
            "N12",
        ),
        id="fractional",
    ),
    pytest.param(
        Case("bao_cao.xlsx", lambda: report_xlsx(period=None), "no_period", REPORT_SHEET), id="no-period"
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(
                [SECTOR_ROWS[0], ("2", "Hộ tịch", SECTOR_ROWS[0][2])],
                total=[2 * v for v in SECTOR_ROWS[0][2]],  # type: ignore[operator]
            ),
            "duplicate_key",
            REPORT_SHEET,
            "dòng 13",
            ("Hộ tịch",),
        ),
        id="duplicate-sector",
    ),
    pytest.param(
        Case(
            "bao_cao.xlsx",
            lambda: report_xlsx(with_cell(SECTOR_ROWS, 12, "D", "=C12+1")),
            "formula_without_value",
            REPORT_SHEET,
            "D12",
        ),
        id="formula-without-value",
    ),
    pytest.param(
        Case(
            "ds_ho_so.xlsx",
            lambda: list_xlsx(with_dossier(1, received="31/02/2023")),
            "bad_date",
            LIST_SHEET,
            "G4",
        ),
        id="list-bad-date",
    ),
    pytest.param(
        Case(
            "ds_ho_so.xlsx",
            lambda: list_xlsx(
                with_dossier(1, received=datetime(2023, 3, 10, 8, 0), finished=datetime(2023, 3, 8, 9, 0))
            ),
            "bad_dates",
            LIST_SHEET,
            "I4",
        ),
        id="list-finished-before-received",
    ),
    pytest.param(
        Case(
            "ds_ho_so.xlsx",
            lambda: list_xlsx([*clean_dossiers(), clean_dossiers()[0]]),
            "duplicate_key",
            LIST_SHEET,
            "B6",
            (str(clean_dossiers()[0][1]),),
        ),
        id="list-duplicate-code",
    ),
    pytest.param(
        Case(
            "ds_ho_so.xlsx",
            lambda: list_xlsx(with_dossier(1, channel="Qua Zalo")),
            "bad_channel",
            LIST_SHEET,
            "F4",
            ("Qua Zalo",),
        ),
        id="list-unknown-channel",
    ),
    pytest.param(
        Case(
            "ds_ho_so.xlsx",
            lambda: list_xlsx(with_dossier(1, unit="UBND xã Phổ Ann")),
            "unknown_unit",
            LIST_SHEET,
            "E4",
            ("Có phải là: Phổ An",),
        ),
        id="list-unknown-unit",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_and_named(
    case: Case, app_db: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / case.file_name
    path.write_bytes(case.build())
    before = row_counts(app_db)

    run = run_import(capsys, path)

    assert_refused(run, case.file_name, case.code, sheet=case.sheet, cell=case.cell, contains=case.contains)
    assert row_counts(app_db) == before


@pytest.fixture(scope="module")
def zip_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An 'xlsx' whose worksheet part inflates to 500 MB of zeros, written in 1 MB chunks (≈0.5 MB on disk)."""
    path = tmp_path_factory.mktemp("bomb") / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets/></workbook>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(500):
                part.write(chunk)
    return path


def test_zip_bomb_is_refused_quickly(
    app_db: Engine, zip_bomb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = row_counts(app_db)

    run = run_import(capsys, zip_bomb)

    assert_refused(run, zip_bomb.name, "zip_bomb")
    assert run.seconds < 10
    assert row_counts(app_db) == before


def test_file_over_the_size_limit_is_refused(
    app_db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = list_xlsx([dossier(n) for n in range(1, 301)])
    assert len(content) > 0.01 * 1024 * 1024  # the file is over the limit set below
    path = tmp_path / "ds_ho_so_lon.xlsx"
    path.write_bytes(content)
    monkeypatch.setenv("IOC_MAX_UPLOAD_MB", "0.01")
    dashboard.settings.get_settings.cache_clear()
    before = row_counts(app_db)

    run = run_import(capsys, path)

    assert_refused(run, path.name, "file_too_large")
    assert row_counts(app_db) == before


def _three_cell_errors() -> bytes:
    rows = with_cell(with_cell(with_cell(SECTOR_ROWS, 12, "E", -5), 13, "F", "abc"), 13, "N", "2,5")
    return report_xlsx(rows)


def _report_and_list_with_errors() -> bytes:
    wb = openpyxl.Workbook()
    report = wb.active
    report.title = REPORT_SHEET
    write_report(report, with_cell(with_cell(SECTOR_ROWS, 12, "E", -5), 13, "F", "abc"))
    write_list(wb.create_sheet(LIST_SHEET), with_dossier(1, channel="Qua Zalo"))
    return to_bytes(wb)


def _no_period_and_cell_errors() -> bytes:
    return report_xlsx(with_cell(with_cell(SECTOR_ROWS, 12, "E", -5), 13, "F", "abc"), period=None)


MANY_ERRORS = [
    pytest.param(
        _three_cell_errors,
        [
            ("negative", REPORT_SHEET, "E12"),
            ("not_a_number", REPORT_SHEET, "F13"),
            ("not_whole", REPORT_SHEET, "N13"),
        ],
        id="three-cells-one-sheet",
    ),
    pytest.param(
        _report_and_list_with_errors,
        [
            ("negative", REPORT_SHEET, "E12"),
            ("not_a_number", REPORT_SHEET, "F13"),
            ("bad_channel", LIST_SHEET, "F4"),
        ],
        id="two-sheets",
    ),
    pytest.param(
        _no_period_and_cell_errors,
        [
            ("no_period", REPORT_SHEET, None),
            ("negative", REPORT_SHEET, "E12"),
            ("not_a_number", REPORT_SHEET, "F13"),
        ],
        id="title-and-cells",
    ),
]


@pytest.mark.parametrize(("build", "expected"), MANY_ERRORS)
def test_every_problem_is_reported_in_one_run(
    build: Callable[[], bytes],
    expected: list[tuple[str, str, str | None]],
    app_db: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Three different errors are all listed at once, so the user fixes the file in one go."""
    path = tmp_path / "nhieu_loi.xlsx"
    path.write_bytes(build())
    before = row_counts(app_db)

    run = run_import(capsys, path)

    missing = [
        expected_prefix(path.name, code, sheet, cell)
        for code, sheet, cell in expected
        if not any(line.startswith(expected_prefix(path.name, code, sheet, cell)) for line in run.lines)
    ]
    assert not missing, f"not reported: {missing}\n{run.out}"
    for code, sheet, cell in expected:
        assert_refused(run, path.name, code, sheet=sheet, cell=cell)
    assert row_counts(app_db) == before


def _mismatched_total() -> list[object]:
    """The total row with one dossier moved from online (E) to direct (F): sums differ, identities hold."""
    total = list(SECTOR_TOTAL)
    total[2] = 910
    total[3] = 1145
    return total


def test_warnings_block_until_accepted(
    app_db: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tong_lech.xlsx"
    path.write_bytes(report_xlsx(total=_mismatched_total()))
    before = row_counts(app_db)

    blocked = run_import(capsys, path)

    assert blocked.status != 0
    assert "Traceback" not in blocked.out + blocked.err
    assert not [line for line in blocked.lines if line.startswith("ERROR")], blocked.out
    warnings = [line for line in blocked.lines if line.startswith("WARNING")]
    prefix = f"WARNING {path.name} › {REPORT_SHEET} › "
    assert any(line.startswith(f"{prefix}E14 [total_mismatch]") for line in warnings), blocked.out
    assert any(line.startswith(f"{prefix}F14 [total_mismatch]") for line in warnings), blocked.out
    assert f"FAILED {path.name}" in blocked.out
    assert row_counts(app_db) == before

    accepted = run_import(capsys, path, "--accept-warnings")

    assert accepted.status == 0, accepted.out
    assert "Traceback" not in accepted.out + accepted.err
    assert any(line.startswith(f"OK {path.name}") for line in accepted.lines), accepted.out
    after = row_counts(app_db)
    assert after["batch"] == before["batch"] + 1
    assert after["dossierfigure"] > before["dossierfigure"]


GOOD_FILES = [
    pytest.param("bao_cao.xlsx", report_xlsx, "dossierfigure", id="report"),
    pytest.param("ds_ho_so.xlsx", lambda: list_xlsx(clean_dossiers()), "dossier", id="list"),
]


@pytest.mark.parametrize(("file_name", "build", "table"), GOOD_FILES)
def test_dry_run_of_a_good_file_stores_nothing(
    file_name: str,
    build: Callable[[], bytes],
    table: str,
    app_db: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / file_name
    path.write_bytes(build())
    before = row_counts(app_db)

    run = run_import(capsys, path, "--dry-run")

    assert run.status == 0, run.out
    assert "Traceback" not in run.out + run.err
    assert not [line for line in run.lines if line.startswith(("ERROR", "WARNING"))], run.out
    assert any(line.startswith(f"OK {file_name}") for line in run.lines), run.out
    assert row_counts(app_db) == before


@pytest.mark.parametrize(("file_name", "build", "table"), GOOD_FILES)
def test_good_file_is_stored(
    file_name: str,
    build: Callable[[], bytes],
    table: str,
    app_db: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The baseline the bad cases break: the clean builders import without a problem and store a batch."""
    path = tmp_path / file_name
    path.write_bytes(build())
    before = row_counts(app_db)

    run = run_import(capsys, path)

    assert run.status == 0, run.out
    assert not [line for line in run.lines if line.startswith(("ERROR", "WARNING"))], run.out
    after = row_counts(app_db)
    assert after["batch"] == before["batch"] + 1
    assert after[table] > before[table]
