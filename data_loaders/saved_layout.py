"""A column layout the uploader told the reader once: find a sheet's header by its texts and read it as that kind."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from base.text import contains_words, normalize
from data_loaders.columns import FieldSpec, best_field
from data_loaders.table import MAX_TITLE_ROWS, cell_text
from data_loaders.workbook import CellValue, Sheet

# Title phrases that name a kind of report: part of a layout's key, so a revenue layout never reads a spending
# sheet with the same columns ("BÁO CÁO THU NGÂN SÁCH" / "BÁO CÁO CHI NGÂN SÁCH").
TITLE_WORDS: tuple[str, ...] = (
    "thu ngan sach",
    "thu nsnn",
    "thu nsdp",
    "thu ns",
    "chi ngan sach",
    "chi nsnn",
    "chi nsdp",
    "chi ns",
    "giai ngan",
    "dau tu cong",
    "ho so",
    "thu tuc hanh chinh",
    "nhiem vu",
    "chi tieu",
)
# The money units a layout may name (shown, and written as an "ĐVT: …" line the budget readers understand).
MONEY_UNITS: tuple[str, ...] = ("đồng", "nghìn đồng", "triệu đồng", "tỷ đồng")
MIN_HEADER_CELLS = 2  # a "header" of one text is a title line, not a table's header


@dataclass(frozen=True)
class Layout:
    """A saved (or being chosen) layout: the kind, field -> column index, money unit, and whose it is.

    `owner_units` None: an admin's layout, for every unit; else the owner's unit codes. `unit_text` and
    `period_text` are this file's answers only (never saved): the unit and period are found again in each file.
    """

    name: str
    kind: str
    header: tuple[str, ...]  # normalized header texts in order
    title_words: tuple[str, ...]
    mapping: dict[str, int]
    money_unit: str | None = None
    owner: str = ""
    owner_units: frozenset[str] | None = None
    created_at: datetime | None = None
    unit_text: str = ""
    period_text: str = ""
    layout_id: int | None = None

    @property
    def signature(self) -> str:
        return signature(self.header, self.title_words)


@dataclass(frozen=True)
class HeaderFound:
    """An unrecognised sheet's likely header row: its texts as written (by column) and its key."""

    sheet: str
    row: int
    cells: tuple[tuple[int, str], ...]  # (column index, text as written), non-empty cells only
    title_words: tuple[str, ...]
    closest_kind: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(normalize(text) for _, text in self.cells)


def signature(header: Sequence[str], title_words: Iterable[str]) -> str:
    """The key a layout is found by: the header's normalized texts in order, then the kind's title words."""
    text = "\x1f".join(header) + "\x1e" + "\x1f".join(sorted(set(title_words)))
    return hashlib.sha256(text.encode()).hexdigest()


def row_cells(sheet: Sheet, r: int) -> tuple[tuple[int, str], ...]:
    return tuple((c, t) for c, v in enumerate(sheet.rows[r]) if (t := cell_text(v)))


def _words_in(texts: Iterable[str]) -> set[str]:
    return {w for t in texts for w in TITLE_WORDS if contains_words(t, w)}


def title_words_above(sheet: Sheet, header_row: int) -> tuple[str, ...]:
    """The kind-naming phrases written above the header, sorted (the title's period and unit are not part)."""
    return tuple(
        sorted(_words_in(normalize(t) for row in sheet.rows[:header_row] for v in row if (t := cell_text(v))))
    )


def header_keys(sheet: Sheet) -> dict[str, int]:
    """Each of the first rows' layout key -> the row (the first row of a key wins)."""
    keys: dict[str, int] = {}
    above: set[str] = set()  # title words of the rows passed (a phrase never spans two cells)
    for r in range(min(MAX_TITLE_ROWS, len(sheet.rows))):
        cells = row_cells(sheet, r)
        texts = [normalize(t) for _, t in cells]
        if len(cells) >= MIN_HEADER_CELLS:
            keys.setdefault(signature(texts, above), r)
        above |= _words_in(texts)
    return keys


def find_layouts(sheet: Sheet, layouts: Sequence[Layout]) -> list[tuple[Layout, int]]:
    """The layouts whose header one of the first rows has (with the title words above it), in their order."""
    if not layouts:
        return []
    keys = header_keys(sheet)
    return [(layout, keys[layout.signature]) for layout in layouts if layout.signature in keys]


def find_layout(sheet: Sheet, layouts: Sequence[Layout]) -> tuple[Layout, int] | None:
    """The first layout whose header one of the first rows has (and whose title words this sheet's title has)."""
    found = find_layouts(sheet, layouts)
    return found[0] if found else None


def likely_header(sheet: Sheet, near_row: int | None) -> int | None:
    """The row the uploader is asked about: the closest kind's header row, else the first row of most texts."""
    if near_row is not None and len(row_cells(sheet, near_row)) >= MIN_HEADER_CELLS:
        return near_row
    rows = range(min(MAX_TITLE_ROWS, len(sheet.rows)))
    counts = [(len(row_cells(sheet, r)), -r) for r in rows]
    best = max(counts, default=(0, 0))
    return -best[1] if best[0] >= MIN_HEADER_CELLS else None


def guess_mapping(cells: Sequence[tuple[int, str]], specs: Iterable[FieldSpec]) -> dict[str, int]:
    """The columns the kind's synonyms already name (the uploader chooses only the rest)."""
    out: dict[str, int] = {}
    specs = tuple(specs)
    for c, text in cells:
        found = best_field(normalize(text), specs)
        if found is not None and found[0] and found[0] not in out:
            out[found[0]] = c
    return out


def apply_layout(sheet: Sheet, header_row: int, layout: Layout, specs: Iterable[FieldSpec]) -> Sheet:
    """The sheet as its kind's reader expects it: mapped header cells say the field's name, title lines added.

    Only a copy changes: every cell keeps its place, so problems still cite the uploaded file's cells. The money
    unit, unit and period go at the end of the line above the header (a header on the first row gets none).
    """
    labels = {s.name: s.label for s in specs if s.name}
    rows: list[list[CellValue]] = [list(row) for row in sheet.rows]
    header = rows[header_row]
    for name, col in layout.mapping.items():
        if name in labels and 0 <= col < len(header):
            header[col] = labels[name]
    extra: list[CellValue] = []
    if layout.money_unit and header_row > 0 and not _has_money_unit(rows[:header_row]):
        extra.append(f"ĐVT: {layout.money_unit}")
    if layout.unit_text and header_row > 0:
        extra.append(f"Đơn vị báo cáo: {layout.unit_text}")
    if layout.period_text and header_row > 0:
        extra.append(f"Kỳ báo cáo: {layout.period_text}")
    if extra:
        above = rows[header_row - 1]
        width = max(len(r) for r in rows)
        above.extend([""] * (width - len(above)))
        above.extend(extra)
    return Sheet(sheet.name, rows, list(sheet.merged), list(sheet.formulas_without_value))


def _has_money_unit(rows: list[list[CellValue]]) -> bool:
    texts = (normalize(t) for row in rows for v in row if (t := cell_text(v)))
    return any(contains_words(t, "dvt") or contains_words(t, "don vi tinh") for t in texts)


def used_note(layout: Layout) -> str:
    """The INFO line saying which saved layout read the sheet."""
    when = f" ngày {layout.created_at:%d/%m/%Y}" if layout.created_at else ""
    if layout.layout_id is None:
        return f"Đọc theo cách ghép cột đang chọn “{layout.name}” (chưa lưu)."
    return f"Dùng mẫu cột đã lưu “{layout.name}” (lưu bởi {layout.owner or 'không rõ'}{when})."
