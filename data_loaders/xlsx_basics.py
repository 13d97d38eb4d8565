"""What both worksheet scans share: the workbook's limits, what a scan finds, and an XML parser refusing DTDs."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.parsers import expat

from data_loaders.parsing import BadSavedValue
from data_loaders.rejection import FileRejected

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLS = 16_384

# Reads one zip part with bounded decompression, chunk by chunk.
PartReader = Callable[[zipfile.ZipInfo], Iterable[bytes]]


@dataclass
class Limits:
    """How much one workbook may hold (from the read limits)."""

    max_cells: int
    max_cell_chars: int
    max_text_chars: int


@dataclass
class SheetScan:
    """What the pass found in one worksheet part; rows and columns count from A1 to the farthest real cell."""

    name: str
    part: str
    rows: int = 0
    cols: int = 0
    last_row_cell: str = ""  # a cell on the last row that holds something
    last_col_cell: str = ""  # a cell in the last column that holds something
    formulas_without_value: list[str] = field(default_factory=list)
    bad_values: dict[tuple[int, int], BadSavedValue] = field(default_factory=dict)


@dataclass
class Totals:
    """Counters shared by every sheet of the workbook."""

    cells: int = 0  # A1-based extent of the sheets scanned so far
    values: int = 0  # cells that hold something
    text: int = 0  # characters of text the cells would become


def column_index(letters: str) -> int:
    """0-based column of Excel letters (A → 0, XFD → 16383), any case."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def xml_parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD (entities are how XML bombs work)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_: object) -> None:
        raise FileRejected("xml_entities", "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY).")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser
