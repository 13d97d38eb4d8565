"""Finds the table in a report sheet: title lines, 1–3 merged header rows, data rows, STT groups and totals."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from base.text import normalize
from data_loaders.workbook import CellValue, Sheet

MAX_TITLE_ROWS = 40
MAX_HEADER_ROWS = 4
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[a-z])\s*\)?(\s*=.*)?$", re.IGNORECASE)
# I … LXXXIX: a by-sector report of a town can have 40 and more sector groups. A bare "L" stays a letter.
_ROMAN = re.compile(r"^(xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.IGNORECASE)
_FOOTER_STARTS = (
    "nguoi lap",
    "thu truong",
    "kt chu tich",
    "tm uy ban",
    "tm ubnd",
    "chu tich",
    "pho chu tich",
    "giam doc",
    "truong phong",
    "ghi chu",
    "noi nhan",
    "xac nhan",
    "ky ten",
)
# A date, a number or a percentage typed as text ("01/03/2023", "2023-03-01 08:00", "1.250", "12,5", "50%"): a
# data cell, never a header.
_VALUE_TEXT = re.compile(
    r"^\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$"
    r"|^\s*-?\d{1,3}([.,]\d{3})+([.,]\d+)?\s*$|^\s*-?\d+[.,]\d+\s*$|^\s*-?\d+([.,]\d+)?\s*%\s*$"
)
_SIGNED_DATE = re.compile(r"\bngay\b.*\bthang\b.*\bnam\b")
# A bare "Tổng"/"Cộng" (or "Cộng I", "Cộng 2:") is a total; followed by words it is a name ("Công dân rút",
# "Tổng cục Thuế"), which must never be taken for a total row and dropped.
_TOTAL_LABELS = re.compile(
    r"^(tong cong|tong so|tong thu|tong chi|toan thi xa|toan tinh|toan huyen)\b"
    r"|^(tong|cong)(\s+([ivxlc]+|\d+|[a-z]))?\s*[:.]?$"
)
# The first word of a total label as written: "Công" (public), "Tông" or "Toan" with other marks are other words.
_TOTAL_WORDS = frozenset({"tổng", "cộng", "toàn", "tong", "cong", "toan"})

# STT ranks: A/B > I/II > 1/2 > 1.1 > 1.1.1 > a/b > bullets. Unnumbered rows sit below everything numbered.
RANK_LETTER, RANK_ROMAN, RANK_ARABIC, RANK_LOWER, RANK_BULLET, RANK_NONE = 0, 1, 2, 6, 7, 8


@dataclass
class Column:
    """A table column: its position and its header texts from top to bottom (normalized and as written)."""

    index: int
    segments: tuple[str, ...]
    raw: tuple[str, ...]

    @property
    def label(self) -> str:
        return " ".join(self.segments)

    @property
    def leaf(self) -> str:
        return self.segments[-1] if self.segments else ""

    @property
    def display(self) -> str:
        return " › ".join(self.raw)


@dataclass
class Row:
    """A data row: its 0-based sheet index, STT token and rank, label text and raw cells."""

    index: int
    stt: str
    rank: int
    label: str
    cells: list[CellValue]
    is_total: bool = False
    is_breakdown: bool = False  # "Trong đó: …" — a subset of its parent, never added to a sum
    parent: Row | None = field(default=None, repr=False)
    children: list[Row] = field(default_factory=list, repr=False)

    @property
    def is_leaf(self) -> bool:
        return not self.is_total and not self.is_breakdown and all(c.is_breakdown for c in self.children)

    def cell(self, col: int) -> CellValue:
        return self.cells[col] if col < len(self.cells) else ""


@dataclass
class Table:
    """Everything located in one sheet."""

    sheet: Sheet
    title_lines: list[str]
    header_start: int
    header_end: int  # exclusive
    columns: list[Column]
    rows: list[Row]
    stt_col: int | None
    label_col: int | None

    def column(self, index: int) -> Column:
        return self.columns[index]


def cell_text(value: CellValue) -> str:
    """A cell as display text."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def find_header_row(sheet: Sheet, is_header_text: Callable[[str], bool], min_hits: int = 2) -> int | None:
    """The first row near the top with at least `min_hits` cells that look like this kind's headers."""
    for r in range(min(MAX_TITLE_ROWS, len(sheet.rows))):
        hits = sum(
            1 for v in sheet.rows[r] if isinstance(v, str) and v.strip() and is_header_text(normalize(v))
        )
        if hits >= min_hits:
            return r
    return None


def read_table(
    sheet: Sheet,
    header_row: int,
    *,
    is_stt_header: Callable[[str], bool] = lambda t: t in {"stt", "tt", "so tt", "so thu tu"},
    is_label_header: Callable[[str], bool] = lambda t: False,
    is_header_text: Callable[[str], bool] | None = None,
    is_key_header: Callable[[str], bool] | None = None,
) -> Table:
    """Read header rows from `header_row` down (merged cells filled), then the data rows below them.

    `is_header_text` tells the kind's header words: a row below the first header row is another header row only
    when it holds one of them (or sits inside the header's merges), so text dates and numbers stay data.
    `is_key_header` tells the columns every data row fills: a signature phrase ends the table only in a row
    that leaves them empty, never a leader's name in a text column of a data row.
    """
    width = max((len(r) for r in sheet.rows), default=0)
    header_end = _header_end(sheet, header_row, width, is_header_text)
    grid = _filled_header_grid(sheet, header_row, header_end, width)
    columns = [_column(c, [grid[r][c] for r in range(len(grid))]) for c in range(width)]
    stt_col = next((c.index for c in columns if c.segments and is_stt_header(c.segments[0])), None)
    label_col = next((c.index for c in columns if any(is_label_header(s) for s in c.segments)), None)
    data_start = header_end
    while data_start < len(sheet.rows) and not any(cell_text(v) for v in sheet.rows[data_start]):
        data_start += 1
    if data_start < len(sheet.rows) and _is_column_number_row(sheet.rows[data_start]):
        data_start += 1
    if label_col is None:
        label_col = (stt_col + 1) if stt_col is not None else 0
    key_cols = {label_col}
    if is_key_header is not None:
        key_cols |= {
            c.index for c in columns if c.index != stt_col and any(is_key_header(s) for s in c.segments)
        }
    rows = _data_rows(sheet, data_start, stt_col, label_col, key_cols)
    link_hierarchy(rows)
    title_lines = [
        " ".join(cell_text(v) for v in sheet.rows[r] if cell_text(v))
        for r in range(header_row)
        if any(sheet.rows[r])
    ]
    return Table(
        sheet, [t for t in title_lines if t], header_row, header_end, columns, rows, stt_col, label_col
    )


def _header_end(
    sheet: Sheet, start: int, width: int, is_header_text: Callable[[str], bool] | None = None
) -> int:
    """Header rows continue while rows hold only text in two or more cells and no STT or column numbers.

    A row with a date or a number typed as text is data; with the kind's header words known, a row outside the
    header's merges must be mostly made of them.
    """
    end = start + 1
    while end < len(sheet.rows) and end - start < MAX_HEADER_ROWS:
        row = sheet.rows[end]
        texts = [v for v in row if cell_text(v)]
        if not texts and _inside_vertical_merge(sheet, start, end):
            end += 1  # a header row whose every cell is covered by merges from the rows above
            continue
        if not texts or _is_column_number_row(row):
            break
        if any(isinstance(v, int | float) and not isinstance(v, bool) for v in row):
            break
        if row and cell_text(row[0]) and stt_rank(cell_text(row[0])) != RANK_NONE:
            break
        merged_in = _inside_vertical_merge(sheet, start, end)
        if len(texts) < 2 and not merged_in:
            break
        # A date or number typed as text makes a data row; under a merged header it is a heading ("31/5/2023").
        if not merged_in and any(_VALUE_TEXT.match(cell_text(v)) for v in texts):
            break
        # Outside the merges a header row is labels: most of its texts name a field of the kind. One field name
        # among data ("Cơ quan Tổ chức – Nội vụ" in a task's lead column) leaves the row data.
        if is_header_text is not None and not merged_in:
            named = sum(1 for v in texts if isinstance(v, str) and is_header_text(normalize(v)))
            if 2 * named < len(texts):
                break
        end += 1
    return end


def _inside_vertical_merge(sheet: Sheet, start: int, row: int) -> bool:
    return any(r0 <= start and r1 >= row for (r0, _c0), (r1, _c1) in sheet.merged)


def _filled_header_grid(sheet: Sheet, start: int, end: int, width: int) -> list[list[str]]:
    """Header texts with each merged range's text copied into every cell it covers."""
    grid = [[cell_text(sheet.value(r, c)) for c in range(width)] for r in range(start, end)]
    for (r0, c0), (r1, c1) in sheet.merged:
        if r1 < start or r0 >= end:
            continue
        text = cell_text(sheet.value(r0, c0))
        for r in range(max(r0, start), min(r1, end - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r - start][c] = text
    return grid


def _column(index: int, texts: list[str]) -> Column:
    segments: list[str] = []
    raw: list[str] = []
    for text in texts:
        norm = normalize(text)
        if norm and (not segments or segments[-1] != norm):
            segments.append(norm)
            raw.append(" ".join(text.split()))
    return Column(index, tuple(segments), tuple(raw))


def _is_column_number_row(row: list[CellValue]) -> bool:
    """A row like '(1) (2) (3) …', '1 2 3 …' or 'A B 1 2 3=1+2' that numbers the columns (no words)."""
    texts = [cell_text(v) for v in row if cell_text(v)]
    if len(texts) < 3 or any(re.search(r"[^\W\d_]{2,}", t) for t in texts):
        return False
    if sum(1 for t in texts if t.startswith("(") and _COLUMN_NUMBER.match(t)) >= 0.8 * len(texts):
        return True
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"^(\d{1,2})\b", t))]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_footer(cells: list[CellValue], key_cols: set[int]) -> bool:
    """The signature block or notes: a signature phrase first, and nothing but such phrases in the key columns.

    A leader's name in a text column ("Chủ tịch UBND Nguyễn Văn A" under "Lãnh đạo chỉ đạo") comes with a task
    in the key columns, so its row stays data.
    """
    filled = [(c, normalize(t)) for c, v in enumerate(cells) if (t := cell_text(v))]
    return _is_signature(filled[0][1]) and all(_is_signature(t) for c, t in filled if c in key_cols)


def _is_signature(text: str) -> bool:
    return text.startswith(_FOOTER_STARTS) or bool(_SIGNED_DATE.search(text))


def _data_rows(
    sheet: Sheet, start: int, stt_col: int | None, label_col: int, key_cols: set[int] | None = None
) -> list[Row]:
    rows: list[Row] = []
    for r in range(start, len(sheet.rows)):
        cells = sheet.rows[r]
        has_number = any(isinstance(v, int | float) and not isinstance(v, bool) for v in cells)
        if not has_number:  # only a row without numbers can be empty or the signature block
            if not any(cell_text(v) for v in cells):
                continue
            if _is_footer(cells, key_cols if key_cols is not None else {label_col}):
                break
        stt = cell_text(cells[stt_col]) if stt_col is not None and stt_col < len(cells) else ""
        label = cell_text(cells[label_col]) if label_col < len(cells) else ""
        row = Row(r, stt, stt_rank(stt), label, cells)
        # Totals and "Trong đó" rows have words as labels; a code-like label (a dossier list) never needs this.
        if label and not label[0].isdigit():
            norm_label = normalize(label)
            row.is_total = not stt and is_total_label(label)
            row.is_breakdown = norm_label.startswith("trong do")
        rows.append(row)
    return rows


def is_total_label(label: str) -> bool:
    """A total row's label: "Tổng cộng", "Cộng I", "Toàn thị xã"… compared with diacritics kept.

    The matching key drops the marks, so "Công dân rút" (a status) would look like "Cộng"; the first word as
    written must be the total word itself, or carry no marks at all (typed without accents: "TONG CONG").
    """
    if not _TOTAL_LABELS.match(normalize(label)):
        return False
    words = unicodedata.normalize("NFC", label).lower().split()
    return bool(words) and words[0].rstrip(":.") in _TOTAL_WORDS


def stt_rank(stt: str) -> int:
    """How high an STT token sits in the hierarchy (lower is higher); RANK_NONE when it is not one."""
    token = stt.strip().rstrip(".)").strip()
    if not token:
        return RANK_NONE
    if token in {"-", "+", "*", "•", "–"}:
        return RANK_BULLET
    if re.fullmatch(r"\d+", token):
        return RANK_ARABIC
    if re.fullmatch(r"\d+(\.\d+)+", token):
        return RANK_ARABIC + min(token.count("."), 3)
    if token.isupper() and token != "L" and _ROMAN.fullmatch(token):
        return RANK_ROMAN
    if re.fullmatch(r"[A-Z]", token):
        return RANK_LETTER
    if re.fullmatch(r"[a-zđ]", token):
        return RANK_LOWER
    return RANK_NONE


def link_hierarchy(rows: list[Row]) -> None:
    """Give each row its parent: the nearest row above with a higher STT rank (totals stand apart)."""
    stack: list[Row] = []
    for row in rows:
        if row.is_total:
            stack.clear()
            continue
        while stack and stack[-1].rank >= row.rank:
            stack.pop()
        if stack:
            row.parent = stack[-1]
            stack[-1].children.append(row)
        stack.append(row)


def top_level(rows: list[Row]) -> list[Row]:
    """Rows with no parent that are neither totals nor breakdowns: what a grand total sums."""
    return [r for r in rows if r.parent is None and not r.is_total and not r.is_breakdown]


def summed_children(row: Row) -> list[Row]:
    """The children that add up to `row` (breakdown rows excluded)."""
    return [c for c in row.children if not c.is_breakdown]
