"""The catalog of problems: the words said about a file, written once.

Message builders for the problems every reader reports the same way (a required column the header lacks, a column
named twice, a unit name not in the registry) and the one hint to the templates. Free of `dashboard` imports:
the readers use it, and the dashboard builds on the readers.
"""

from __future__ import annotations

from collections.abc import Sequence

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
