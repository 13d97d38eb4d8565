"""Reads a one-stop system export (one row per dossier) and validates every row."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from base import kinds
from base.periods import Period, month_end
from base.text import clean_text, normalize
from base.units import UnitMatcher, UnitRef, unknown_unit_message
from data_loaders.base import ParsedSheet, column_letters, find_unit, title_over_column, title_period
from data_loaders.columns import FieldSpec, best_field, match_columns
from data_loaders.date_window import SKIP_IMPLAUSIBLE_DATE, DateWindow, OutOfWindow, day_label
from data_loaders.parsing import ParseError, parse_datetime
from data_loaders.problems import Problems, cell_ref
from data_loaders.row_counts import SKIP_ERROR, SKIP_TOTAL
from data_loaders.table import Row, Table, cell_text, find_header_row, read_table
from data_loaders.workbook import CellValue, Sheet

KIND = kinds.DOSSIER_LIST
TITLE = kinds.KIND_TITLES[KIND]

# Synonyms as seen in the exports of several one-stop systems, most specific first ("Phòng ban" only when no
# "Cơ quan"/"Đơn vị" column names the receiving unit).
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("code", "Mã hồ sơ", ("ma ho so", "so ho so", "ma so ho so", "so bien nhan"), required=True),
    FieldSpec(
        "procedure", "Tên thủ tục", ("ten thu tuc hanh chinh", "ten thu tuc", "thu tuc hanh chinh", "thu tuc")
    ),
    FieldSpec("sector", "Lĩnh vực", ("linh vuc",)),
    FieldSpec(
        "unit",
        "Đơn vị tiếp nhận",
        (
            "don vi tiep nhan",
            "noi tiep nhan",
            "co quan tiep nhan",
            "don vi xu ly",
            "don vi",
            "co quan",
            "phong ban",
        ),
    ),
    FieldSpec(
        "channel",
        "Hình thức nộp",
        ("hinh thuc nop", "kenh nop", "hinh thuc tiep nhan", "kenh tiep nhan", "hinh thuc"),
    ),
    FieldSpec(
        "received_at",
        "Ngày tiếp nhận",
        ("ngay tiep nhan", "ngay nop", "thoi gian tiep nhan", "ngay nhan"),
        required=True,
    ),
    FieldSpec(
        "due_at", "Hạn xử lý", ("han xu ly", "ngay hen tra", "han tra ket qua", "han giai quyet", "ngay hen")
    ),
    FieldSpec(
        "finished_at",
        "Ngày trả kết quả",
        (
            "ngay tra ket qua",
            "ngay hoan thanh",
            "ngay ket thuc xu ly",
            "ngay ket thuc",
            "thoi gian tra ket qua",
            "ngay co ket qua",
        ),
    ),
    FieldSpec("status", "Trạng thái", ("trang thai", "tinh trang")),
)
COLUMNS: dict[str, tuple[str, ...]] = {spec.name: spec.synonyms for spec in FIELDS}
LABELS = {spec.name: spec.label for spec in FIELDS}
_HEADER_WORDS = frozenset(syn for spec in FIELDS for syn in spec.synonyms)
_CHANNELS = {
    "truc tuyen": "online",
    "qua mang": "online",
    "dich vu cong truc tuyen": "online",
    "online": "online",
    "truc tiep": "direct",
    "buu chinh": "postal",
    "dich vu buu chinh": "postal",
    "dich vu buu chinh cong ich": "postal",
    "buu chinh cong ich": "postal",
    "bcci": "postal",
}
_STATUSES = {
    "da tra ket qua": "done",
    "da hoan thanh": "done",
    "hoan thanh": "done",
    "da giai quyet": "done",
    "da tra": "done",
    "dang xu ly": "processing",
    "dang giai quyet": "processing",
    "moi tiep nhan": "processing",
    "cho xu ly": "processing",
    "dang thu ly": "processing",
    "cho bo sung": "supplement",
    "yeu cau bo sung": "supplement",
    "cong dan rut": "withdrawn",
    "da rut": "withdrawn",
    "rut ho so": "withdrawn",
    "tu choi": "rejected",
    "tra lai": "rejected",
    "khong giai quyet": "rejected",
}
CLOSED = ("done", "withdrawn", "rejected")


def looks_like(sheet: Sheet) -> int | None:
    """The header row if this sheet lists dossiers one per row."""
    header = find_header_row(sheet, lambda t: t in COLUMNS["code"] or t in COLUMNS["received_at"], min_hits=2)
    return header


def is_header_text(text: str) -> bool:
    """A normalized cell text that is one of the list's headers (exactly, so a dossier's data never is)."""
    return text in _HEADER_WORDS


def map_columns(table: Table, problems: Problems) -> dict[str, int]:
    """field -> column index, by the most specific synonym a header matches."""
    found = match_columns(table.columns, FIELDS)
    for required in ("code", "received_at"):
        if required not in found:
            problems.error(
                "missing_column",
                f"Không tìm thấy cột “{LABELS[required]}” (dòng tiêu đề {table.header_start + 1}). Danh sách hồ sơ "
                "cần ít nhất các cột Mã hồ sơ, Ngày tiếp nhận và Đơn vị tiếp nhận (hoặc tên đơn vị ở tiêu đề).",
                sheet=table.sheet.name,
                cell=f"dòng {table.header_start + 1}",
            )
    return found


def read_sheet(sheet: Sheet, header_row: int, matcher: UnitMatcher, problems: Problems) -> ParsedSheet:
    """Read and check every dossier row; the result's `extra['frame']` holds the dossiers as a DataFrame."""
    table = read_table(
        sheet,
        header_row,
        is_header_text=is_header_text,
        is_key_header=lambda t: best_field(t, FIELDS) is not None,
    )
    cols = map_columns(table, problems)
    notes: list[str] = []
    period = title_period(table, problems, required=False, notes=notes)
    title = find_unit(sheet, header_row, matcher, period.end if period else None, problems, notes=notes).unit
    parsed = ParsedSheet(KIND, sheet.name, period, title, column_letters(cols), [], problems, notes)
    parsed.rows.read = len(table.rows)
    if problems.has_errors():
        return parsed
    if "unit" not in cols and title is None:
        problems.error(
            "no_unit",
            "Không có cột “Đơn vị tiếp nhận” và tiêu đề không ghi tên đơn vị. Hãy thêm cột đơn vị hoặc dòng "
            "“Đơn vị: …” phía trên bảng.",
            sheet=sheet.name,
        )
        return parsed
    if "due_at" not in cols:
        parsed.notes.append("Không có cột hạn xử lý: không tính được trước hạn/đúng hạn/quá hạn.")
    frame, skipped = _rows_frame(table, cols, matcher, title, period, problems)
    totals = sum(1 for row in table.rows if row.is_total)
    parsed.rows.skip(SKIP_TOTAL, totals)
    parsed.rows.skip(SKIP_IMPLAUSIBLE_DATE, skipped.count)
    # each with its error above
    parsed.rows.skip(SKIP_ERROR, len(table.rows) - totals - len(frame) - skipped.count)
    if problems.has_errors():
        return parsed
    column = parsed.columns.get("unit", "")
    if title is not None and title_over_column(
        title, frame["unit_id"], matcher, problems, sheet=sheet.name, column=column
    ):
        frame["unit_id"] = title.id
    if skipped.count:
        parsed.notes.append(
            f"Bỏ qua {skipped.count} dòng có ngày ngoài khoảng hợp lý {skipped.window.label} (không lưu)."
        )
    parsed.extra["skipped_rows"] = skipped.count
    if period is None and len(frame):
        first, last = frame["received_at"].min(), frame["received_at"].max()
        period = Period(first.date().replace(day=1), month_end(last.year, last.month), "")
        period = Period(period.start, period.end, f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}")
        parsed.notes.append(f"Kỳ của danh sách lấy theo ngày tiếp nhận: {period.label}.")
    parsed.period = period
    parsed.extra["frame"] = frame
    parsed.extra["has_due"] = "due_at" in cols
    parsed.extra["has_channel"] = "channel" in cols
    parsed.records = []
    return parsed


def _rows_frame(
    table: Table,
    cols: dict[str, int],
    matcher: UnitMatcher,
    title_unit_ref: UnitRef | None,
    period: Period | None,
    problems: Problems,
) -> tuple[pd.DataFrame, OutOfWindow]:
    """Validate each row into plain columns; unit names are matched once per distinct spelling.

    Rows with a date outside the plausible window are left out and counted, under one capped warning.
    """
    sheet = table.sheet.name
    units: dict[tuple[str, date | None], UnitRef | None] = {}
    unknown: set[str] = set()
    seen: dict[str, int] = {}
    out: dict[str, list[object]] = {
        k: [] for k in ("row", "code", "unit_id", "sector", "procedure", "channel")
    }
    out.update({k: [] for k in ("status", "received_at", "due_at", "finished_at")})
    on = period.end if period else None
    today = datetime.now()
    skipped = OutOfWindow(DateWindow.around(today.date()))
    first_day, last_day = skipped.window.first, skipped.window.last
    rows = [row for row in table.rows if not row.is_total]  # "Tổng cộng: 1.234 hồ sơ": never a dossier code

    # Each column read once for all rows (a call per cell, not three): the texts and the raw date-times.
    def texts(field: str) -> list[str]:
        if field not in cols:
            return [""] * len(rows)
        c = cols[field]
        return [cell_text(row.cells[c]) if c < len(row.cells) else "" for row in rows]

    def raw(field: str) -> list[CellValue | None]:
        if field not in cols:
            return [None] * len(rows)
        c = cols[field]
        return [row.cells[c] if c < len(row.cells) else "" for row in rows]

    columns = zip(
        rows,
        texts("code"),
        texts("unit"),
        texts("channel"),
        texts("status"),
        texts("sector"),
        texts("procedure"),
        raw("received_at"),
        raw("due_at"),
        raw("finished_at"),
        strict=True,
    )
    add = {key: values.append for key, values in out.items()}
    for row, code_text, name, channel_text, status_text, sector, procedure, *times in columns:
        r = row.index
        code = clean_text(code_text)  # a zero-width twin of a code is the same dossier
        if not code:
            problems.error(
                "missing_value",
                f"Dòng {r + 1} không có mã hồ sơ.",
                sheet=sheet,
                cell=cell_ref(r, cols["code"]),
            )
            continue
        if code in seen:
            problems.error(
                "duplicate_key",
                f"Mã hồ sơ “{code}” lặp lại ở dòng {seen[code]} và {r + 1}. Mỗi hồ sơ chỉ một dòng; hãy xóa dòng trùng.",
                sheet=sheet,
                cell=cell_ref(r, cols["code"]),
                value=code,
            )
            continue
        seen[code] = r + 1
        # calamine hands real Excel dates over already parsed; anything else is read (or reported) here
        received, due, finished = (
            value if isinstance(value, datetime) else _read_when(row, field, cols, problems, sheet)
            for value, field in zip(times, ("received_at", "due_at", "finished_at"), strict=True)
        )
        unit = title_unit_ref
        if name:
            # A name is matched as of the dossier's own day: "Nguyễn Nghiêm" was a ward until 30/6/2025 and is a
            # commune since, so one list can hold both.
            day = received.date() if received is not None else on
            if (name, day) not in units:
                units[(name, day)] = matcher.match(name, day)
            unit = units[(name, day)]
            if unit is None:  # Problems lists every cell of one name under its first problem
                message = "" if name in unknown else unknown_unit_message(name, matcher.suggest(name))
                unknown.add(name)
                problems.error(
                    "unknown_unit", message, sheet=sheet, cell=cell_ref(r, cols["unit"]), value=name
                )
        channel = _lookup(channel_text, _CHANNELS, "bad_channel", r, cols.get("channel"), problems, sheet)
        status = _lookup(status_text, _STATUSES, "bad_status", r, cols.get("status"), problems, sheet)
        if received is None:
            if "received_at" in cols and not cell_text(row.cell(cols["received_at"])):
                problems.error(
                    "missing_value",
                    f"Dòng {r + 1} (hồ sơ {code}) không có ngày tiếp nhận.",
                    sheet=sheet,
                    cell=cell_ref(r, cols["received_at"]),
                )
            continue
        if not (
            first_day <= received.date() <= last_day
            and (due is None or first_day <= due.date() <= last_day)
            and (finished is None or first_day <= finished.date() <= last_day)
        ):
            implausible = [
                (name, day)
                for name, day in (("received_at", received), ("due_at", due), ("finished_at", finished))
                if day is not None and not skipped.window.holds(day)
            ]
            skipped.add(r + 1, LABELS[implausible[0][0]], implausible[0][1])
            continue
        status = status or ("done" if finished else "processing")
        if finished is not None and finished.date() < received.date():
            problems.error(
                "bad_dates",
                f"Hồ sơ {code}: ngày trả kết quả {finished:%d/%m/%Y} trước ngày tiếp nhận {received:%d/%m/%Y}.",
                sheet=sheet,
                cell=cell_ref(r, cols["finished_at"]),
                value=f"{finished:%d/%m/%Y}",
            )
        if status == "done" and finished is None:
            problems.error(
                "missing_value",
                f"Hồ sơ {code} có trạng thái đã trả kết quả nhưng không có ngày trả kết quả. Hãy điền ngày trả.",
                sheet=sheet,
                cell=cell_ref(r, cols.get("finished_at", cols["code"])),
            )
        if received > today + timedelta(days=1):
            problems.warning(
                "future_date",
                f"Hồ sơ {code}: ngày tiếp nhận {received:%d/%m/%Y} ở tương lai.",
                sheet=sheet,
                cell=cell_ref(r, cols["received_at"]),
            )
        if unit is None:
            continue
        add["row"](r + 1)
        add["code"](code)
        add["unit_id"](unit.id)
        add["sector"](sector)
        add["procedure"](procedure)
        add["channel"](channel)
        add["status"](status)
        add["received_at"](received)
        add["due_at"](due)
        add["finished_at"](finished)
    if skipped.count:
        first = skipped.listed[0][0] - 1
        problems.warning(
            "implausible_date",
            skipped.message("hồ sơ"),
            sheet=sheet,
            cell=f"dòng {first + 1}",
            value=day_label(skipped.listed[0][2]),
        )
    frame = pd.DataFrame(out)
    for key in ("received_at", "due_at", "finished_at"):
        frame[key] = pd.to_datetime(frame[key])
    return frame, skipped


def _read_when(row: Row, field: str, cols: dict[str, int], problems: Problems, sheet: str) -> datetime | None:
    """A date-time cell of the row, or None with a bad_date error naming the cell."""
    if field not in cols:
        return None
    value = row.cell(cols[field])
    if isinstance(value, datetime):  # calamine hands real Excel dates over already parsed
        return value
    try:
        return parse_datetime(value)
    except ParseError as exc:
        problems.error(
            "bad_date",
            f"{LABELS[field]} dòng {row.index + 1}: {exc.message}",
            sheet=sheet,
            cell=cell_ref(row.index, cols[field]),
            value=value,
        )
        return None


def _lookup(
    raw: str, table: dict[str, str], code: str, r: int, col: int | None, problems: Problems, sheet: str
) -> str | None:
    """Map a channel or status as written to its code; an error lists the accepted values."""
    if not raw or col is None:
        return None
    value = table.get(normalize(raw))
    if value is None:
        accepted = (
            "Trực tuyến, Trực tiếp, Bưu chính"
            if code == "bad_channel"
            else ("Đã trả kết quả, Đang xử lý, Chờ bổ sung, Công dân rút, Từ chối")
        )
        problems.error(
            code,
            f"Dòng {r + 1}: giá trị “{raw}” không hợp lệ; chỉ nhận: {accepted}.",
            sheet=sheet,
            cell=cell_ref(r, col),
            value=raw,
        )
    return value


def month_periods(period: Period) -> list[tuple[date, date]]:
    """The calendar months of a period, clipped to it."""
    months = []
    for year, month in period.months:
        start = max(date(year, month, 1), period.start)
        months.append((start, min(month_end(year, month), period.end)))
    return months
