"""What every report loader shares: the parsed result, title unit and period, and counts read from cells."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from base import limits
from base.periods import Period
from base.text import normalize
from base.units import (
    UnitMatcher,
    UnitRef,
    bare_key,
    clean_name,
    looks_like_unit,
    match_key,
    names_in_sentence,
)
from data_loaders.parsing import ParseError, file_name_period, find_period, parse_number
from data_loaders.problems import Problems, cell_ref, column_letter
from data_loaders.reasons import ReasonCode, unknown_unit
from data_loaders.row_counts import RowCounts
from data_loaders.table import Row, Table, cell_text
from data_loaders.workbook import Sheet

# "Đơn vị nhận báo cáo" names the recipient, not the author, hence the lookahead.
_UNIT_LINE = re.compile(r"^(don vi bao cao|co quan bao cao|don vi|co quan)\s+(?!nhan\b)(.+)$")
_REPORTER_LINE = re.compile(r"^(don vi bao cao|co quan bao cao)\b")
# Lines that name someone else (the recipient) or are no unit at all (the money unit "Đơn vị tính").
_NOT_REPORTER = re.compile(r"^(don vi nhan|co quan nhan|noi nhan|kinh gui|don vi tinh|dvt)\b")
_PERIOD_LINE = re.compile(r"\b(ky bao cao|thoi gian bao cao|thoi ky bao cao)\b")
# Sources of a unit or a period, the most trusted first: an explicit line, the title, a column, the file name.
EXPLICIT, TITLE, COLUMN, FILE_NAME = range(4)
UNIT_SOURCES = {
    EXPLICIT: "dòng “Đơn vị báo cáo:”",
    TITLE: "tiêu đề",
    COLUMN: "cột đơn vị",
    FILE_NAME: "tên tệp",
}
# Scanning runs of words for units' own names: the longest own name ("Ban Quản lý dự án Đầu tư xây dựng và
# Phát triển quỹ đất thị xã Đức Phổ") has 16 words; a title line or file name of more than 60 is no name's place.
_MAX_NAME_WORDS, _MAX_SCANNED_WORDS = 16, 60
PERIOD_SOURCES = {EXPLICIT: "dòng “Kỳ báo cáo:”", TITLE: "tiêu đề", FILE_NAME: "tên tệp"}


@dataclass
class ParsedSheet:
    """One sheet read as one kind of report: its unit and period, the column map, records and problems."""

    kind: str
    sheet: str
    period: Period | None
    unit: UnitRef | None  # the reporting unit from the title (or the town for town-wide lists)
    columns: dict[str, str]  # field -> column letter
    records: list[Any]
    problems: Problems
    notes: list[str] = field(default_factory=list)  # facts worth showing in a preview (layout variant…)
    extra: dict[str, Any] = field(default_factory=dict)
    rows: RowCounts = field(default_factory=RowCounts)  # data rows read, stored and skipped


def title_period(
    table: Table, problems: Problems, *, required: bool = True, notes: list[str] | None = None
) -> Period | None:
    """The reporting period: a "Kỳ báo cáo:" line, else the title, else the file name; an error when none.

    Sources that disagree (neither period holds the other and they end in different months) are a warning
    naming both; a period taken from the file name is said in `notes` for the preview.
    """
    sheet = table.sheet
    explicit_lines = [t for t in table.title_lines if _PERIOD_LINE.search(normalize(t))]
    found: list[tuple[int, Period, str]] = []
    for source, text in (
        (EXPLICIT, "\n".join(explicit_lines)),
        (TITLE, "\n".join(t for t in table.title_lines if t not in explicit_lines)),
    ):
        if text and (period := find_period(text)) is not None:
            found.append((source, period, text.replace("\n", " / ")))
    if sheet.file_name and (from_file := file_name_period(sheet.file_name)) is not None:
        found.append((FILE_NAME, from_file, sheet.file_name))
    if not found:
        if required:
            problems.error(
                ReasonCode.NO_PERIOD,
                "Không tìm thấy kỳ báo cáo ở phần tiêu đề. Hãy thêm một dòng phía trên bảng, ví dụ "
                "“Kỳ báo cáo: Tháng 5/2023” hoặc “Từ ngày 01/01/2023 đến ngày 20/07/2023”.",
                sheet=sheet.name,
            )
        return None
    source, period, where = found[0]
    for other_source, other, other_where in found[1:]:
        if not _periods_agree(period, other):
            problems.warning(
                ReasonCode.PERIOD_SOURCES_DISAGREE,
                f"Kỳ báo cáo ghi không thống nhất: {PERIOD_SOURCES[source]} “{_short(where)}” là {period.label} "
                f"nhưng {PERIOD_SOURCES[other_source]} “{_short(other_where)}” là {other.label}. Hệ thống lấy "
                f"{period.label} (theo {PERIOD_SOURCES[source]}); nếu sai, hãy sửa cho thống nhất rồi tải lên lại.",
                sheet=sheet.name,
                value=other.label,
            )
    if notes is not None and source == FILE_NAME:  # a title or "Kỳ báo cáo:" line is where one looks first
        notes.append(f"Kỳ báo cáo {period.label} lấy từ {PERIOD_SOURCES[source]}: “{_short(where)}”.")
    return period


def _periods_agree(a: Period, b: Period) -> bool:
    """Tell whether two sources can mean the same report: one holds the other, or both end in one month."""
    return a.contains(b) or b.contains(a) or (a.end.year, a.end.month) == (b.end.year, b.end.month)


def _short(text: str) -> str:
    """A source text short enough for a message."""
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:77] + "…"


@dataclass(frozen=True)
class UnitFinding:
    """The reporting unit read above a table: the unit (None if none or unknown), and where it was read."""

    unit: UnitRef | None
    source: int | None  # EXPLICIT, TITLE, FILE_NAME, or None when nothing named a unit
    unknown: bool  # a unit-like name matched no unit: already reported; never fall back to the town


@dataclass(frozen=True)
class _Named:
    """A unit name found in one place: its source rank, what it matched, the name as written, the cell."""

    source: int
    unit: UnitRef | None
    name: str
    cell: str


def _names_above(sheet: Sheet, header_row: int, matcher: UnitMatcher, on: date | None) -> list[_Named]:
    """Every unit name written above the table, in reading order, matched or not."""
    named: list[_Named] = []
    for r in range(min(header_row, len(sheet.rows))):
        for c, value in enumerate(sheet.rows[r]):
            text = clean_name(cell_text(value))
            norm = normalize(text)
            if not norm or len(text) > 300 or _NOT_REPORTER.match(norm):
                continue
            where = cell_ref(r, c)
            explicit = _UNIT_LINE.match(norm)
            if explicit:
                # "Đơn vị báo cáo: X" or "Đơn vị: X"; the plain "Đơn vị:" also heads other things, so it
                # counts only when X is a unit or looks like one.
                words = len(explicit[1].split())
                name = text.split(":", 1)[1].strip() if ":" in text else " ".join(text.split()[words:])
                name = re.split(r"\s{2,}|\n", name.strip())[0]  # "…: UBND xã Phổ An    Kỳ báo cáo: …"
                if not normalize(name):
                    continue
                unit = matcher.match(name, on)
                if unit is not None or _REPORTER_LINE.match(norm) or looks_like_unit(name):
                    named.append(_Named(EXPLICIT, unit, name, where))
                    continue
            unit = matcher.match(text, on) if len(text) <= 120 else None
            if unit is not None:
                named.append(_Named(TITLE, unit, text, where))
                continue
            in_sentence = names_in_sentence(text)
            for name in in_sentence:
                named.append(_Named(TITLE, *_longest_match(name, matcher, on), where))
            if not in_sentence:
                # An office inside a title sentence: "… THỦ TỤC HÀNH CHÍNH PHÒNG TƯ PHÁP THÁNG 7 NĂM 2021".
                offices = _own_names_in(text.split(), matcher, on, kind="office")
                named += [_Named(TITLE, unit, name, where) for unit, name in offices]
                in_sentence = [name for _unit, name in offices]
            if not in_sentence and len(text) <= 120 and looks_like_unit(text):
                named.append(_Named(TITLE, None, text, where))
    return named


def _names_in_file_name(file_name: str, matcher: UnitMatcher, on: date | None) -> list[_Named]:
    """Units a file name spells, with or without diacritics and type word ("BC_xa_Pho_An_T10_2025.xlsx",
    "thu_NS_Pho_An.xlsx"); unknown words are ignored (names are noisy)."""
    stem = re.split(r"[/\\]", file_name)[-1].rsplit(".", 1)[0]
    words = re.sub(r"[_\-.,()]+", " ", clean_name(stem)).split()
    return [_Named(FILE_NAME, unit, name, "") for unit, name in _own_names_in(words, matcher, on)]


def _own_names_in(
    words: list[str], matcher: UnitMatcher, on: date | None, *, kind: str | None = None
) -> list[tuple[UnitRef, str]]:
    """The units (of one kind, if given) whose own names ("Pho An", "Phòng Tài nguyên và Môi trường", "Duc Pho")
    stand in a run of words, longest first; a short alias ("Kinh tế", "Thanh tra") is too common a phrase to count.
    """
    words = words[:_MAX_SCANNED_WORDS]
    # With a kind, a run can only start at the first word of one of its names ("phong", "van", "co", "ban"…).
    starts = None if kind is None else _first_words(matcher, kind)
    found: list[tuple[UnitRef, str]] = []
    i = 0
    while i < len(words):
        if starts is not None and normalize(words[i]) not in starts:
            i += 1
            continue
        for j in range(min(len(words), i + _MAX_NAME_WORDS), i + 1, -1):
            span = " ".join(words[i:j]).strip(",;:()")
            unit = matcher.match(span, on)
            if unit is not None and (kind is None or unit.kind == kind) and _is_own_name(span, unit):
                found.append((unit, span))
                i = j
                break
        else:
            i += 1
    return found


def _first_words(matcher: UnitMatcher, kind: str) -> frozenset[str]:
    """The first words of the names and full names of the units of a kind, normalized."""
    names = [n for u in matcher.all() if u.kind == kind for n in (u.name, u.full_name)]
    return frozenset(normalize(n).split()[0] for n in names if normalize(n))


def _is_own_name(text: str, unit: UnitRef) -> bool:
    """Tell whether a text is the unit's name or full name (a ward, commune or the town also without its type
    word), not one of its short aliases."""
    own = {match_key(unit.name), match_key(unit.full_name)}
    if unit.kind in ("ward", "commune", "town"):
        own |= {bare_key(k) for k in own}
    key = match_key(text)
    return key in own or bare_key(key) in own


def _longest_match(name: str, matcher: UnitMatcher, on: date | None) -> tuple[UnitRef | None, str]:
    """The unit a sentence's name means and the words that name it: "XÃ PHỔ AN GỬI" → Phổ An, "XÃ PHỔ AN"."""
    words = name.split()
    for end in range(len(words), 1, -1):
        unit = matcher.match(" ".join(words[:end]), on)
        if unit is not None:
            return unit, " ".join(words[:end])
    return None, name


def find_unit(
    sheet: Sheet,
    header_row: int,
    matcher: UnitMatcher,
    on: date | None,
    problems: Problems,
    *,
    notes: list[str] | None = None,
) -> UnitFinding:
    """The reporting unit from an explicit line, a unit-name cell or title sentence, else the file name.

    A unit-like name that matches nothing is an `unknown_unit` error naming it with the closest units, and
    no unit is returned (so a caller never falls back to the town). Sources that name different units are a
    `unit_sources_disagree` warning; the town line above a commune's own line is its superior, not a conflict.
    """
    named = _names_above(sheet, header_row, matcher, on)
    unknown = [n for n in named if n.unit is None]
    for n in unknown:
        report_unknown_unit(n.name, matcher, problems, sheet=sheet.name, cell=n.cell)
    if unknown:
        return UnitFinding(None, None, True)
    known = named + (_names_in_file_name(sheet.file_name, matcher, on) if sheet.file_name else [])
    if not known:
        return UnitFinding(None, None, False)
    best = min(n.source for n in known)
    top = [n for n in known if n.source == best]
    # "UBND THỊ XÃ ĐỨC PHỔ" above "UBND XÃ PHỔ AN": the report belongs to the commune.
    local = [n for n in top if n.unit is not None and n.unit.kind != "town"]
    winner = top[0] if best == EXPLICIT or not local else local[-1]
    assert winner.unit is not None
    told: set[int] = set()
    for other in known:
        unit = other.unit
        if unit is None or unit.id == winner.unit.id or unit.id in told:
            continue
        if unit.kind == "town" and winner.unit.kind != "town":
            continue
        told.add(unit.id)
        problems.warning(
            ReasonCode.UNIT_SOURCES_DISAGREE,
            f"Đơn vị báo cáo ghi không thống nhất: {_where(winner)} ghi “{winner.name}” nhưng {_where(other)} "
            f"ghi “{other.name}”. Hệ thống lấy {winner.unit.name} (theo {UNIT_SOURCES[winner.source]}); nếu "
            "sai, hãy sửa cho thống nhất rồi tải lên lại.",
            sheet=sheet.name,
            cell=other.cell,
            value=other.name,
        )
    if notes is not None and winner.source == FILE_NAME:
        notes.append(
            f"Tiêu đề không ghi đơn vị báo cáo: lấy {winner.unit.name} từ tên tệp “{sheet.file_name}”."
        )
    return UnitFinding(winner.unit, winner.source, False)


def _where(named: _Named) -> str:
    """'tiêu đề (ô A2)' for a message."""
    return f"{UNIT_SOURCES[named.source]} (ô {named.cell})" if named.cell else UNIT_SOURCES[named.source]


def title_over_column(
    title: UnitRef | None,
    column_ids: Iterable[float | int | None],
    matcher: UnitMatcher,
    problems: Problems,
    *,
    sheet: str,
    column: str,
) -> bool:
    """Tell whether rows must take the title's commune or ward over the units their column names.

    A commune's own list whose unit column names other units is a `unit_sources_disagree` warning naming
    both; the title wins. A town or office title heads a list of many units, so there the column stands.
    """
    if title is None or title.kind not in ("commune", "ward"):
        return False
    # pandas hands ids over as floats, NaN where a row has no unit.
    ids = {int(i) for i in column_ids if i is not None and i == i}
    others = sorted(ids - {title.id})
    if not others:
        return False
    names = ", ".join(matcher.by_id(i).name for i in others[:5]) + ("…" if len(others) > 5 else "")
    problems.warning(
        ReasonCode.UNIT_SOURCES_DISAGREE,
        f"Đơn vị báo cáo ghi không thống nhất: tiêu đề ghi {title.name} nhưng cột đơn vị (cột {column}) ghi "
        f"{names}. Hệ thống lưu mọi dòng cho {title.name} (theo tiêu đề); nếu sai, hãy sửa tiêu đề hoặc cột "
        "đơn vị rồi tải lên lại.",
        sheet=sheet,
        cell=f"cột {column}",
        value=names,
    )
    return True


def title_unit(
    sheet: Sheet,
    header_row: int,
    matcher: UnitMatcher,
    on: date | None,
    problems: Problems | None = None,
    *,
    notes: list[str] | None = None,
) -> UnitRef | None:
    """The unit named above the table (see find_unit); without `problems` an unknown name is just None."""
    return find_unit(sheet, header_row, matcher, on, problems or Problems(), notes=notes).unit


def report_unknown_unit(
    name: str, matcher: UnitMatcher, problems: Problems, *, sheet: str, cell: str, prefix: str = ""
) -> None:
    """Record an `unknown_unit` error naming the unit as written and the closest known units."""
    problems.error(
        ReasonCode.UNKNOWN_UNIT,
        prefix + unknown_unit(name, matcher.suggest(name)),
        sheet=sheet,
        cell=cell,
        value=name,
    )


def require_unit(
    name: str, matcher: UnitMatcher, on: date | None, problems: Problems, *, sheet: str, cell: str
) -> UnitRef | None:
    """Match a unit name or record an error that suggests the closest known units."""
    unit = matcher.match(name, on)
    if unit is None:
        report_unknown_unit(name, matcher, problems, sheet=sheet, cell=cell)
    return unit


def read_count(row: Row, col: int, problems: Problems, *, sheet: str, what: str) -> int | None:
    """A non-negative whole number of dossiers from a cell; None when empty; problems recorded."""
    value = row.cell(col)
    try:
        number = parse_number(value)
    except ParseError as exc:
        problems.error(
            exc.code, f"{what}: {exc.message}", sheet=sheet, cell=cell_ref(row.index, col), value=value
        )
        return None
    if number is None:
        return None
    if number < 0:
        problems.error(
            ReasonCode.NEGATIVE,
            f"{what}: số âm ({cell_text(value)}) không hợp lệ; số hồ sơ phải từ 0 trở lên.",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=value,
        )
        return None
    if not float(number).is_integer():
        problems.error(
            ReasonCode.NOT_WHOLE,
            f"{what}: {cell_text(value)} không phải số nguyên; số hồ sơ phải là số nguyên.",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=value,
        )
        return None
    if number > limits.current().max_count:  # fits the database, but no office handles that many dossiers
        problems.error(
            ReasonCode.NUMBER_TOO_LARGE,
            f"{what}: {cell_text(value)} hồ sơ là quá lớn (giới hạn {vn_int(limits.current().max_count)}); "
            "hãy kiểm tra lại ô (gõ thừa chữ số?).",
            sheet=sheet,
            cell=cell_ref(row.index, col),
            value=value,
        )
        return None
    return int(number)


def column_letters(fields: dict[str, int]) -> dict[str, str]:
    """field -> column letter, for tracing figures to cells."""
    return {name: column_letter(col) for name, col in fields.items()}


def vn_int(n: int | None) -> str:
    """A count in Vietnamese format (thousands with '.'), '—' when missing."""
    return "—" if n is None else f"{n:,}".replace(",", ".")


def labelled_rows(table: Table, fields: dict[str, int], problems: Problems, *, name: str) -> list[Row]:
    """The rows with a label (and the total row); a row with figures but no label is an error, naming `name`,
    what its label should have said."""
    for row in table.rows:
        if not row.label and not row.is_total and any(cell_text(row.cell(c)) for c in fields.values()):
            problems.error(
                ReasonCode.MISSING_LABEL,
                f"Dòng {row.index + 1} có số liệu nhưng không có {name}. Hãy điền tên hoặc xóa dòng.",
                sheet=table.sheet.name,
                cell=cell_ref(row.index, table.label_col or 0),
            )
    return [r for r in table.rows if r.label or r.is_total]
