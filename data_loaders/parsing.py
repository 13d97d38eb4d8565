"""Pure parsers for the numbers, dates and reporting periods found in Vietnamese government spreadsheets."""

import math
import numbers
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

from base import limits
from base.periods import Period, month_end
from base.text import normalize

# Placeholders that clerks type into cells that have no value (dashes, en/em dashes, ellipses).
_MISSING_TOKENS = frozenset({"", "-", "\u2013", "\u2014", "\u2026", "..."})
# ASCII hyphen, Unicode minus sign and en dash all show up as a leading minus.
_MINUS_SIGNS = "-\u2212\u2013"
_NUMBER_BODY_RE = re.compile(r"\d+(?:[.,]\d+)*")
_MAX_NUMBER_CHARS = 40  # digits and separators: 10^18 with separators and decimals fits comfortably
_MAX_SHOWN = 60  # characters of a bad value quoted in a message
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_ROMAN = {q: r.upper() for r, q in _ROMAN_QUARTERS.items()}

# A date inside normalize()d text: "20 7 2023" (from 20/7/2023) or "20 thang 7 nam 2023".
NORMALIZED_DATE = r"(\d{1,2})(?: thang)? (\d{1,2})(?: nam)? (\d{4})"

_DMY = r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
_HMS = r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
_DATETIME_RES = (
    re.compile(rf"{_DMY}(?:[\s,]+{_HMS})?"),
    re.compile(rf"{_HMS}[\s,]+{_DMY}"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" rf"(?:[T ]{_HMS}(?:\.\d+)?)?"),
)


class ParseError(ValueError):
    """A value that could not be read, with a reason code and a Vietnamese explanation for the user."""

    def __init__(self, code: str, message: str, value: object = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.value = value


class BadSavedValue(str):
    """A cell whose saved value cannot be trusted (NaN, an empty <v>, an Excel error such as #DIV/0!).

    It is its raw text, so text readers see it, but it is never missing: reading it as a number raises its error.
    """

    code: str
    message: str

    def __new__(cls, text: str, code: str, message: str) -> "BadSavedValue":
        made = super().__new__(cls, text)
        made.code, made.message = code, message
        return made

    @classmethod
    def nan(cls, text: str) -> "BadSavedValue":
        """A number saved as NaN ("not a number"), which Excel never writes."""
        return cls(
            text,
            "bad_saved_value",
            f'Ô lưu giá trị "{text[:20]}" (NaN) thay cho một số; tệp do phần mềm khác tạo ra bị lỗi. Hãy nhập lại '
            "số đúng vào ô, lưu bằng Excel rồi tải lên lại.",
        )

    @classmethod
    def empty(cls) -> "BadSavedValue":
        """A number (or date, boolean, shared text) cell whose saved value is empty: <v></v>."""
        return cls(
            "",
            "bad_saved_value",
            "Ô được lưu là một số nhưng giá trị rỗng (thẻ <v></v>); tệp do phần mềm khác tạo ra bị lỗi. Nếu ô "
            "phải trống, hãy xóa hẳn ô đó (phím Delete); nếu không, nhập lại số đúng, lưu bằng Excel rồi tải lên.",
        )

    @classmethod
    def error(cls, text: str) -> "BadSavedValue":
        """An Excel error value (#DIV/0!, #REF!, #N/A…) saved as the result of a formula."""
        return cls(
            text,
            "formula_error",
            f"Ô chứa lỗi công thức {text[:20]} nên không có số. Hãy sửa công thức trong Excel (chia cho 0, tham "
            "chiếu bị xóa…), lưu lại rồi tải lên.",
        )


def is_missing(value: object) -> bool:
    """Tell whether a cell is empty: None, NaN/NaT/NA, blank or a placeholder dash or ellipsis."""
    if isinstance(value, BadSavedValue):
        return False  # an empty <v> is not an empty cell: readers must report it
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() in _MISSING_TOKENS
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except TypeError:
        return True  # pandas.NA refuses to become a bool


def _shown(value: object) -> str:
    """Render a value the way the user typed it, for error messages (cut short when it is very long)."""
    try:
        text = value.strip() if isinstance(value, str) else str(value)
    except ValueError:  # an int of more than 4,300 digits refuses to become text
        return "(số có hàng nghìn chữ số)"
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"


def _not_a_number(value: object) -> ParseError:
    """Build the error for a value that is not a number."""
    message = f'Giá trị "{_shown(value)}" không phải là số; cần một số như 2.098 hoặc 27,73.'
    return ParseError("not_a_number", message, value)


def _is_grouped(digits: str, sep: str) -> bool:
    """Tell whether sep is used as a thousands separator: 1-3 leading digits, then groups of exactly 3."""
    head, *groups = digits.split(sep)
    return bool(groups) and len(head) <= 3 and not head.startswith("0") and all(len(g) == 3 for g in groups)


def _read_number_body(body: str) -> int | float | None:
    """Read unsigned digits with Vietnamese or English separators; None when the layout is ambiguous."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
        whole, _, frac = body.rpartition(decimal_sep)
        if decimal_sep in whole or not _is_grouped(whole, "," if decimal_sep == "." else "."):
            return None
    elif commas == 1:  # a lone comma is always a decimal comma in Vietnamese
        whole, _, frac = body.partition(",")
    elif dots or commas:
        sep = "." if dots else ","
        if _is_grouped(body, sep):
            whole, frac = body, ""
        elif dots == 1:
            whole, _, frac = body.partition(".")
        else:
            return None
    else:
        whole, frac = body, ""
    whole = whole.replace(".", "").replace(",", "")
    return int(whole) if not frac else float(f"{whole}.{frac}")


def parse_number(value: object) -> float | int | None:
    """Read a cell as a number (Vietnamese 2.098 / 27,73 style first); None when the cell is empty.

    Never raises anything but ParseError, whatever the cell holds (huge numbers, NaN, 5,000 digits).
    """
    try:
        return _parse_number(value)
    except ParseError:
        raise
    except (
        ArithmeticError,
        ValueError,
        TypeError,
    ) as exc:  # overflow, Decimal traps: a message, not a traceback
        raise _not_a_number(value) from exc


def _parse_number(value: object) -> float | int | None:
    """parse_number without the safety net."""
    if isinstance(value, BadSavedValue):
        raise ParseError(value.code, value.message, value)
    if isinstance(value, float) and math.isnan(value):
        raise _not_a_number(value)  # an empty cell reads as '', so a NaN is a broken saved value, not a blank
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise _not_a_number(value)
    number: int | float
    if isinstance(value, numbers.Integral):
        number = int(value)
    elif isinstance(value, numbers.Real | Decimal):
        number = float(value)
    elif isinstance(value, str):
        text = "".join(value.split())  # also drops non-breaking and thin spaces used as digit groups
        negative = text.startswith("(") and text.endswith(")")
        text = text[1:-1] if negative else text
        text = text.removesuffix("%")
        if text[:1] in _MINUS_SIGNS or text[:1] == "+":
            negative, text = negative or text[0] != "+", text[1:]
        well_formed = _NUMBER_BODY_RE.fullmatch(text) is not None
        if well_formed and len(text) > _MAX_NUMBER_CHARS:  # before int(): 4,300 digits and more raise there
            raise _too_large(value)
        parsed = _read_number_body(text) if well_formed else None
        if parsed is None:
            raise _not_a_number(value)
        number = -parsed if negative else parsed
    else:
        raise _not_a_number(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise _not_a_number(value)
    if abs(number) > number_limit():
        raise _too_large(value)
    return int(number) if float(number).is_integer() else number


def number_limit() -> float:
    """The largest magnitude any number cell may hold (Settings.max_number)."""
    return limits.current().max_number


def _too_large(value: object) -> ParseError:
    """Build the error for a number no report can hold (a typo, or a file built to break the reader)."""
    limit = f"{int(number_limit()):,}".replace(",", ".")
    message = (
        f'Giá trị "{_shown(value)}" quá lớn hoặc có quá nhiều chữ số (giới hạn {limit}); không có số liệu báo cáo '
        "nào như vậy. "
        "Hãy kiểm tra lại ô (gõ thừa chữ số, dán nhầm?)."
    )
    return ParseError("number_too_large", message, value)


def _bad_date(value: object) -> ParseError:
    """Build the error for a value that is not a valid date."""
    message = (
        f'Giá trị "{_shown(value)}" không phải là ngày hợp lệ; cần ngày dạng dd/mm/yyyy, ví dụ 20/07/2023.'
    )
    return ParseError("bad_date", message, value)


def _from_excel_serial(serial: float) -> datetime:
    """Convert an Excel 1900-system serial, skipping the fictitious 29/02/1900 the way openpyxl does."""
    origin = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    return origin + timedelta(seconds=round(serial * 86400))


def parse_datetime(value: object) -> datetime | None:
    """Read a cell as a day-first datetime (dates, Excel serials, dd/mm/yyyy text); None when empty."""
    if is_missing(value):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, numbers.Real | Decimal) and not isinstance(value, bool):
        if 1 <= float(value) < _EXCEL_MAX_SERIAL + 1:
            return _from_excel_serial(float(value))
        raise _bad_date(value)
    if not isinstance(value, str):
        raise _bad_date(value)
    text = " ".join(value.split())
    for pattern in _DATETIME_RES:
        if match := pattern.fullmatch(text):
            parts = {k: int(v) for k, v in match.groupdict().items() if v and k != "sep"}
            year = parts["y"] + 2000 if len(match["y"]) == 2 else parts["y"]
            try:
                return datetime(
                    year, parts["m"], parts["d"], parts.get("H", 0), parts.get("M", 0), parts.get("S", 0)
                )
            except ValueError:
                raise _bad_date(value) from None
    raise _bad_date(value)


def parse_date(value: object) -> date | None:
    """Read a cell as a day-first date; see parse_datetime."""
    parsed = parse_datetime(value)
    return None if parsed is None else parsed.date()


def quarter_number(token: str) -> int | None:
    """Read a quarter written as a Roman numeral or a digit ("ii", "2"); None when it is not 1-4."""
    quarter = int(token) if token.isdigit() else _ROMAN_QUARTERS.get(token.lower())
    return quarter if quarter in (1, 2, 3, 4) else None


def _dmy(day: str, month: str, year: str) -> date:
    """Build a date from regex groups; raises ValueError when impossible."""
    return date(int(year), int(month), int(day))


def _span_label(start: date, end: date) -> str:
    """Label an explicit date range like 01/01/2023 – 20/07/2023."""
    return f"{start:%d/%m/%Y} \u2013 {end:%d/%m/%Y}"


def _range_period(match: re.Match[str]) -> Period:
    """Build a period from an explicit from-to match."""
    start, end = _dmy(*match.group(1, 2, 3)), _dmy(*match.group(4, 5, 6))
    return Period(start, end, _span_label(start, end))


def _to_date_period(match: re.Match[str]) -> Period:
    """Build a year-to-date period from an "up to date X" match."""
    end = _dmy(*match.group(1, 2, 3))
    start = date(end.year, 1, 1)
    return Period(start, end, _span_label(start, end))


def _cumulative_period(match: re.Match[str]) -> Period:
    """Build a period from "N tháng (đầu|cuối) năm Y"."""
    return _cumulative(int(match[1]), match[2], int(match[3]))


def _cumulative(count: int, part: str | None, year: int) -> Period:
    """The first (or, with part "cuoi", the last) count months of the year; the whole year for 12."""
    if not 1 <= count <= 12:
        raise ValueError(f"{count} months")
    if count == 12:
        return Period(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")
    if part == "cuoi":
        return Period(date(year, 13 - count, 1), date(year, 12, 31), f"{count} tháng cuối năm {year}")
    return Period(date(year, 1, 1), month_end(year, count), f"{count} tháng đầu năm {year}")


def _quarter_period(match: re.Match[str]) -> Period:
    """Build a period from "Quý Q/Y"."""
    quarter, year = quarter_number(match[1]), int(match[2])
    if quarter is None:
        raise ValueError(f"quarter {match[1]}")
    start, end = date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter)
    return Period(start, end, f"Quý {_QUARTER_ROMAN[quarter]}/{year}")


def _month_period(match: re.Match[str]) -> Period:
    """Build a period from "Tháng M/Y"."""
    month, year = int(match[1]), int(match[2])
    return Period(date(year, month, 1), month_end(year, month), f"Tháng {month}/{year}")


def _year_period(match: re.Match[str]) -> Period:
    """Build a period from "Năm Y"."""
    year = int(match[1])
    return Period(date(year, 1, 1), date(year, 12, 31), f"Năm {year}")


_D = NORMALIZED_DATE
# Dates introduced by "ngày" (signing dates, "ngày 15 tháng 1 năm 2023") must not be read as month phrases.
_DATED_RE = re.compile(rf"\bngay {_D}\b")
# Ordered by priority: explicit from-to dates beat "up to" dates, which beat month phrases, then a bare year.
_PERIOD_FINDERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Period], bool], ...] = (
    (re.compile(rf"\btu (?:ngay )?{_D} (?:(?:den|toi) )?(?:het )?(?:ngay )?{_D}\b"), _range_period, False),
    (re.compile(rf"\bden (?:het )?(?:ngay )?{_D}\b"), _to_date_period, False),
    # "Cập nhật ngày 15/10/2025", "Số liệu ngày …": the figures stand as of that day, from 1 January.
    (re.compile(rf"\b(?:cap nhat|so lieu|so lieu tinh) (?:vao )?ngay {_D}\b"), _to_date_period, False),
    (re.compile(r"\b(\d{1,2}) thang (?:(dau|cuoi) )?(?:nam )?(\d{4})\b"), _cumulative_period, True),
    (re.compile(r"\bquy ([ivx]+|\d{1,2}) (?:nam )?(\d{4})\b"), _quarter_period, True),
    (re.compile(r"\bthang (\d{1,2}) (?:nam )?(\d{4})\b"), _month_period, True),
    (re.compile(r"\bnam (\d{4})\b"), _year_period, True),
)


def find_period(text: str) -> Period | None:
    """Find the reporting period named in a title line; None when there is none or it is impossible."""
    norm = normalize(text)
    undated = _DATED_RE.sub(" ", norm)
    for pattern, build, skip_dated in _PERIOD_FINDERS:
        if match := pattern.search(undated if skip_dated else norm):
            try:
                return build(match)
            except ValueError:  # month 13, quý V, 31/02: the title is wrong, do not guess a coarser period
                return None
    return None


# Periods in file names, on the normalized stem: "T10_2025", "thang_10_2025", "2025-10", "Q3_2024",
# "quy3-2024", "6T2024" (six months), tried in this order.
_FILE_CUMULATIVE = re.compile(r"(?<![0-9a-z])(\d{1,2}) ?t ?(\d{4})(?![0-9])")
_FILE_QUARTER = re.compile(r"(?<![0-9a-z])(?:q|quy) ?([1-4]) ?(\d{4})(?![0-9])")
_FILE_MONTH = re.compile(r"(?<![0-9a-z])(?:t|thang) ?(\d{1,2}) ?(\d{4})(?![0-9])")
_FILE_YEAR_MONTH = re.compile(r"(?<![0-9])(\d{4}) (\d{1,2})(?![0-9])")


# Dates in file names: "20230101" (year first), "31102023" (day first) or "31-10-2023"; a compact one that
# reads as a date both ways is no date.
_FILE_DATE = re.compile(r"(?<![0-9])(\d{8}|\d{1,2} \d{1,2} \d{4})(?![0-9])")
_FILE_YEARS = range(1990, 2101)


def _file_stem(file_name: str) -> str:
    """The normalized stem of a file name: "BC_T10_2025.xlsx" → "bc t10 2025"."""
    stem = re.split(r"[/\\]", file_name)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    return normalize(stem.replace("_", " "))


def _file_date(token: str) -> date | None:
    """A date token of a file name, None when it is no date or could be read two ways."""
    if " " in token:
        day, month, year = (int(p) for p in token.split())
        readings = [(year, month, day)]
    else:
        readings = [
            (int(token[:4]), int(token[4:6]), int(token[6:])),
            (int(token[4:]), int(token[2:4]), int(token[:2])),
        ]
    found = set()
    for year, month, day in readings:
        if year in _FILE_YEARS:
            try:
                found.add(date(year, month, day))
            except ValueError:
                continue
    return found.pop() if len(found) == 1 else None


def file_name_dates(file_name: str) -> list[date]:
    """Every date a file name writes, in order ("GiaiNgan_31102023.xlsx" → [31/10/2023])."""
    return [d for m in _FILE_DATE.finditer(_file_stem(file_name)) if (d := _file_date(m[1])) is not None]


def file_name_period(file_name: str) -> Period | None:
    """The period a file name states ("BC_T10_2025.xlsx" → Tháng 10/2025, "…_20230101-20230720" → the
    dates between); None when it states none."""
    dates = file_name_dates(file_name)
    if len(dates) == 2 and dates[0] <= dates[1]:
        return Period(dates[0], dates[1], _span_label(dates[0], dates[1]))
    if dates:  # one date is a day, not a period; more are a puzzle
        return None
    text = _file_stem(file_name)
    try:
        if match := _FILE_CUMULATIVE.search(text):
            return _cumulative(int(match[1]), None, int(match[2]))
        if match := _FILE_QUARTER.search(text):
            return _quarter_period(match)
        if match := _FILE_MONTH.search(text):
            return _month_period(match)
        if match := _FILE_YEAR_MONTH.search(text):
            month, year = int(match[2]), int(match[1])
            return Period(date(year, month, 1), month_end(year, month), f"Tháng {month}/{year}")
    except ValueError:  # "T13_2025": a wrong name is no period, not a guess
        return None
    return None
