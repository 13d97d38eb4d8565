"""The catalog of problems: the words said about a file, written once.

Message builders for the problems every reader reports the same way (a required column the header lacks, a column
named twice, a unit name not in the registry) and the one hint to the templates. Free of `dashboard` imports:
the readers use it, and the dashboard builds on the readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol


class ReasonCode(StrEnum):
    """Why a problem was raised: the code printed in the CLI's lines and stored in the audit text.

    The values are the codes' strings, so stored lines and tests keep reading them; the dashboard gives each one
    a Vietnamese title (dashboard/importing/reason_titles.py)."""

    # The file as a whole
    FILE_TOO_LARGE = "file_too_large"
    EMPTY_FILE = "empty_file"
    NOT_EXCEL = "not_excel"
    MACRO_FILE = "macro_file"
    ZIP_BOMB = "zip_bomb"
    TOO_MANY_CELLS = "too_many_cells"
    TOO_MUCH_TEXT = "too_much_text"
    XML_ENTITIES = "xml_entities"
    BAD_CELL_REFERENCE = "bad_cell_reference"
    TEXT_TOO_LONG = "text_too_long"
    NO_TABLE = "no_table"
    NO_DATA_ROWS = "no_data_rows"
    NO_ROWS = "no_rows"
    DUPLICATE_SHEETS = "duplicate_sheets"
    ALREADY_STORED = "already_stored"
    INTERNAL_ERROR = "internal_error"
    WORKER_TIMEOUT = "worker_timeout"
    WORKER_CRASHED = "worker_crashed"
    READ_ONLY_DATABASE = "read_only_database"
    IMPORT_BUSY = "import_busy"
    # Columns and title lines
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    AMBIGUOUS_COLUMN = "ambiguous_column"
    NO_PERIOD = "no_period"
    BAD_PERIOD = "bad_period"
    PERIOD_SOURCES_DISAGREE = "period_sources_disagree"
    PERIOD_MISMATCH = "period_mismatch"
    IMPLAUSIBLE_PERIOD = "implausible_period"
    FUTURE_PERIOD = "future_period"
    OVERLAP = "overlap"
    NO_UNIT = "no_unit"
    UNIT_SOURCES_DISAGREE = "unit_sources_disagree"
    NO_MONEY_UNIT = "no_money_unit"
    NO_AS_OF = "no_as_of"
    FORMULA_WITHOUT_VALUE = "formula_without_value"
    # Units and who may upload them
    UNKNOWN_UNIT = "unknown_unit"
    MERGED_UNIT = "merged_unit"
    UNIT_NOT_ALLOWED = "unit_not_allowed"
    NOT_A_PLACE = "not_a_place"
    # Cells
    NOT_A_NUMBER = "not_a_number"
    NUMBER_TOO_LARGE = "number_too_large"
    NOT_WHOLE = "not_whole"
    NEGATIVE = "negative"
    NEGATIVE_AMOUNT = "negative_amount"
    OUT_OF_RANGE = "out_of_range"
    TINY_VALUE = "tiny_value"
    BAD_SAVED_VALUE = "bad_saved_value"
    FORMULA_ERROR = "formula_error"
    BAD_DATE = "bad_date"
    BAD_DATES = "bad_dates"
    FUTURE_DATE = "future_date"
    IMPLAUSIBLE_DATE = "implausible_date"
    BAD_YEAR = "bad_year"
    BAD_DEADLINE = "bad_deadline"
    MISSING_VALUE = "missing_value"
    MISSING_LABEL = "missing_label"
    DUPLICATE_KEY = "duplicate_key"
    BAD_CHANNEL = "bad_channel"
    BAD_STATUS = "bad_status"
    BAD_RANK = "bad_rank"
    UNKNOWN_LEVEL = "unknown_level"
    # Totals and identities
    IDENTITY_MISMATCH = "identity_mismatch"
    TOTAL_MISMATCH = "total_mismatch"
    PERCENT_MISMATCH = "percent_mismatch"
    PCT_MISMATCH = "pct_mismatch"
    PLAN_MISMATCH = "plan_mismatch"
    OVER_PLAN = "over_plan"
    UNNUMBERED_GROUPS = "unnumbered_groups"
    UNKNOWN_BUDGET_KIND = "unknown_budget_kind"
    REPLACES_WITH_LESS = "replaces_with_less"
    # Tasks and targets
    MISSING_TITLE = "missing_title"
    MISSING_LEAD = "missing_lead"
    DUPLICATE_TASK = "duplicate_task"
    COMPLETED_NOT_DONE = "completed_not_done"
    LATE_CONFLICT = "late_conflict"
    UNKNOWN_INDICATOR = "unknown_indicator"
    UNKNOWN_SOURCE = "unknown_source"
    SOURCE_NOT_ALLOWED = "source_not_allowed"
    # The unit registry (Quản trị › Danh mục đơn vị)
    NOT_UTF8 = "not_utf8"
    NO_UNITS = "no_units"
    BAD_CODE = "bad_code"
    BAD_NAME = "bad_name"
    BAD_KIND = "bad_kind"
    BAD_SORT_ORDER = "bad_sort_order"
    BAD_SUCCESSOR = "bad_successor"
    UNKNOWN_SUCCESSOR = "unknown_successor"
    SUCCESSOR_WITHOUT_END = "successor_without_end"
    DUPLICATE_CODE = "duplicate_code"


TEMPLATE_HINT = "hãy dùng mẫu tải từ trang Dữ liệu, giữ nguyên dòng tiêu đề cột"


def template_hint() -> str:
    """The one pointer to the blank templates, as a sentence."""
    return TEMPLATE_HINT[0].upper() + TEMPLATE_HINT[1:] + "."


def quoted(texts: Sequence[str], joiner: str = ", ") -> str:
    """“a”, “b” and so on: header texts as the messages show them."""
    return joiner.join(f"“{t}”" for t in texts)


def header_rows(start: int, end: int) -> str:
    """'dòng 8–9' for a header over sheet rows 8 and 9, 'dòng 4' for one row (0-based start, exclusive end)."""
    return f"dòng {start + 1}" if end <= start + 1 else f"dòng {start + 1}–{end}"


def missing_column(
    sheet: str, rows: str, label: str, expected: Sequence[str] = (), needed: Sequence[str] = ()
) -> str:
    """A required column the header lacks: the sheet and header rows, the field, the header texts it is read
    from, the columns the kind needs, and the hint to the template."""
    texts = [t for t in expected if t != label]
    wanted = f" (tiêu đề như {quoted(texts, ' hoặc ')})" if texts else ""
    needs = f" Bảng này cần các cột {quoted(needed)}." if len(needed) > 1 else ""
    return (
        f"Không tìm thấy cột “{label}”{wanted} trong tiêu đề bảng ({rows}) của trang “{sheet}”.{needs} "
        f"{template_hint()}"
    )


def duplicate_column(label: str, first: str, second: str) -> str:
    """Two header columns read as one field."""
    return f"Hai cột cùng là “{label}”: {first} và {second}. Hãy xóa hoặc đổi tên một cột."


class Named(Protocol):
    """A registry unit as the messages name it."""

    @property
    def name(self) -> str: ...

    @property
    def full_name(self) -> str: ...


ASK_ADMIN = "Hãy sửa tên cho đúng, hoặc nhờ quản trị thêm tên này làm tên gọi khác (alias) của đơn vị."


def unknown_unit(name: str, suggestions: Sequence[Named]) -> str:
    """A unit name not in the registry, with the likely units."""
    message = f'Không tìm thấy đơn vị "{name.strip()}" trong danh mục.'
    if suggestions:
        names = [s.name for s in suggestions]
        # Two suggestions with one short name (an old ward and a new commune) need their full names.
        shown = [s.full_name if names.count(s.name) > 1 else s.name for s in suggestions]
        message += f" Có phải là: {', '.join(shown)}?"
    return f"{message} {ASK_ADMIN}"
