"""The worksheet scan at C speed for sheets in the plain form Excel and the usual writers save.

The expat pass in xlsx_scan calls Python for every tag: on a 100,000-row list that was three times the time
calamine takes to read the sheet. Here regular expressions first check that the cell data is exactly the plain
form (rows with an r, cells with an r and a value of their type, nothing else), then bulk operations find what the
expat pass finds. Anything unusual — a comment, another element or attribute, an error cell, a formula without a
value, a blank or NaN number, a cell past the limits — returns None and the expat pass reads the sheet instead,
so the verdict on a file never depends on which pass read it (tests/data_loaders/test_plain_scan.py compares
them on every hostile and fuzzed file).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.parsers import expat

from data_loaders.problems import cell_ref
from data_loaders.xlsx_basics import (
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    Limits,
    SheetScan,
    Totals,
    column_index,
    xml_parser,
)

# A piece of sheet data is parsed once it ends a row; a row or an outer part longer than this is not plain.
_MAX_PIECE = 8 << 20

# --- the plain form, as a grammar (over the bytes: every byte outside texts must then be ASCII) ------------
# Only characters XML allows in text, no CR (XML turns CRLF into LF, which would change text lengths), and only
# the predefined entities (a DTD is refused, so no other can be well-formed). UTF-8 is checked on the texts.
_CHAR = rb"[^<&\x00-\x08\x0b\x0c\x0e-\x1f\r]"
_TEXT = _CHAR + rb"*+(?:&(?:amp|lt|gt|quot|apos);" + _CHAR + rb"*+)*+"
_WS = rb"[ \t\n]*+"
_FLAG = rb'"(?:0|1|true|false)"'
_NUMBER = rb"[-+0-9.eE]++(?<=[0-9.])"  # what the expat pass takes as a number without looking further
# Attributes in schema order, each at most once (a repeated attribute is not well-formed XML).
_FORMULA = (
    rb'(?:<f(?: t="(?:normal|array|dataTable|shared)")?(?: aca=_F)?(?: ref="[A-Z0-9:$]+")?(?: dt2D=_F)?'
    rb'(?: dtr=_F)?(?: del1=_F)?(?: del2=_F)?(?: r1="[A-Z0-9$]+")?(?: r2="[A-Z0-9$]+")?(?: ca=_F)?'
    rb'(?: si="[0-9]+")?(?: bx=_F)?(?:/>|>' + _TEXT + rb"</f>))?"
).replace(b"_F", _FLAG)
_CELL_TAIL = rb'(?: cm="[0-9]+")?(?: vm="[0-9]+")?(?: ph=' + _FLAG + rb")?"
# A cell's row is its row's (the backreference), so the rows holding values give the sheet's last row.
_CELL = (
    rb'<c r="[A-Z]{1,3}(?P=row)"(?: s="[0-9]+")?(?:'
    rb'(?: t="n")?' + _CELL_TAIL + rb"(?:/>|>" + _FORMULA + rb"<v>" + _NUMBER + rb"</v></c>)"
    rb'| t="s"' + _CELL_TAIL + rb"(?:/>|>" + _FORMULA + rb"<v>[0-9]++</v></c>)"
    rb'| t="(?:str|b|d)"' + _CELL_TAIL + rb"(?:/>|>" + _FORMULA + rb"<v>(?=[^<])" + _TEXT + rb"</v></c>)"
    rb'| t="inlineStr"'
    + _CELL_TAIL
    + rb'(?:/>|><is><t(?: xml:space="preserve")?>'
    + _TEXT
    + rb"</t></is></c>)"
    rb'| t="e"' + _CELL_TAIL + rb"/>"
    rb")"
)
_ROW_ATTRIBUTES = (
    rb'(?: spans="[0-9: ]*")?(?: s="[0-9]+")?(?: customFormat=_F)?(?: ht="[0-9.]+")?(?: hidden=_F)?'
    rb'(?: customHeight=_F)?(?: outlineLevel="[0-9]+")?(?: collapsed=_F)?(?: thickTop=_F)?(?: thickBot=_F)?'
    rb'(?: ph=_F)?(?: x14ac:dyDescent="[0-9.]+")?'
).replace(b"_F", _FLAG)
_ROW = (
    rb'<row r="(?P<row>[1-9][0-9]{0,6})"'
    + _ROW_ATTRIBUTES
    + rb"(?:/>|>(?:"
    + _WS
    + _CELL
    + rb")*+"
    + _WS
    + rb"</row>)"
)
_PLAIN_ROWS = re.compile(rb"(?:" + _WS + _ROW + rb")*+" + _WS)

# --- what is read from plain rows (the grammar holds, so each pattern finds exactly its elements) -----------
# A cell that holds something is the only one not written <c …/>.
_VALUED_ROW = rb'<row r="(_)"[^>/]*>(?:[ \t\n]*<c [^>]*/>)*[ \t\n]*<c r="([A-Z]+)[0-9]+"[^>/]*>'
_ROWS_WITH_VALUES = re.compile(
    _VALUED_ROW.replace(b"(_)", b"([0-9]+)").replace(b'<c r="([A-Z]+)', b'<c r="[A-Z]+')
)
_VALUED_LETTERS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]+"[^>/]*>')
_INLINE_TEXTS = re.compile(rb'<is><t(?: xml:space="preserve")?>([^<]*)</t>')
_VALUE_TEXTS = re.compile(rb' t="(?:str|b|d)"[^>]*>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<v>([^<]*)</v>')
_SHARED_INDEXES = re.compile(rb' t="s"[^>]*>(?:<f[^>]*?(?:/>|>[^<]*</f>))?<v>([0-9]+)</v>')
_FORMULA_TEXTS = re.compile(rb"<f[^>]*>([^<]*)</f>")
_ENTITY_EXTRA = {b"&amp;": 4, b"&lt;": 3, b"&gt;": 3, b"&quot;": 5, b"&apos;": 5}  # characters beyond the one
_NOT_XML_CHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE and U+FFFF in UTF-8

# --- the rest of the part ---------------------------------------------------------------------------------
_DECLARATION = re.compile(
    rb"(?:\xef\xbb\xbf)?<\?xml version=([\"'])1\.[0-9]\1(?: encoding=([\"'])[Uu][Tt][Ff]-?8\2)?"
    rb"(?: standalone=([\"'])(?:yes|no)\3)?[ \t\n]*\?>"
)
# Tags the expat pass reads wherever they are; outside the sheet data they make a sheet not plain. A lone <f>
# (Excel's x14 data validations hold <xm:f>) only marks the cell being read, and there is none out there.
_CELL_TAG_OUTSIDE = re.compile(rb"<(?:[^\s/>!?:]*:)?(?:c|v|t|is|row)[\s/>]")
_SHEET_DATA, _SHEET_DATA_END = b"<sheetData>", b"</sheetData>"


class _NotPlain(Exception):
    """The sheet is not in the plain form: the expat pass reads it."""


class _Cells:
    """The running result over the pieces of one sheet's data."""

    def __init__(self, shared: dict[str, int], limits: Limits, totals: Totals) -> None:
        self.shared = shared
        self.limits = limits
        self.values = totals.values
        self.text = totals.text
        self.cells_before = totals.cells
        self.max_row = self.max_col = -1
        self.last_row_at = self.last_col_at = (0, 0)
        self.columns: dict[bytes, int] = {}

    def add(self, piece: bytes) -> None:
        """Check one piece of whole rows and add what it holds."""
        if b"]]>" in piece or _PLAIN_ROWS.fullmatch(piece) is None:
            raise _NotPlain
        self.values += piece.count(b"</c>")  # only a cell with a value has an end tag in the plain form
        if self.values > self.limits.max_cells:
            raise _NotPlain
        self._extent(piece)
        self._texts(piece)

    def _extent(self, piece: bytes) -> None:
        rows = _ROWS_WITH_VALUES.findall(piece)
        if not rows:
            return
        top = max(map(int, rows))
        if top - 1 > self.max_row:  # named by its first cell that holds something, as the expat pass does
            first = re.search(_VALUED_ROW.replace(b"(_)", str(top).encode()), piece)
            assert first is not None
            self.max_row, self.last_row_at = top - 1, (top - 1, self._column(first[1]))
        widest = max(set(_VALUED_LETTERS.findall(piece)), key=self._column)
        if self._column(widest) > self.max_col:
            first = re.search(rb'<c r="' + widest + rb'([0-9]+)"[^>/]*>', piece)
            assert first is not None
            self.max_col, self.last_col_at = self._column(widest), (int(first[1]) - 1, self._column(widest))
        if self.max_row >= EXCEL_MAX_ROWS or self.max_col >= EXCEL_MAX_COLS:
            raise _NotPlain
        if self.cells_before + (self.max_row + 1) * (self.max_col + 1) > self.limits.max_cells:
            raise _NotPlain

    def _column(self, letters: bytes) -> int:
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = column_index(letters.decode("ascii"))
        return column

    def _texts(self, piece: bytes) -> None:
        texts = _INLINE_TEXTS.findall(piece) + _VALUE_TEXTS.findall(piece)
        limit = self.limits.max_cell_chars
        # Bytes are at least the characters: only texts longer in bytes than the limit need counting.
        if (
            texts
            and max(map(len, texts)) > limit
            and any(len(t) > limit and _length(t) > limit for t in texts)
        ):
            raise _NotPlain
        # A line feed between texts: an incomplete UTF-8 sequence cannot borrow the next text's bytes.
        self.text += _length(b"\n".join(texts)) - max(len(texts) - 1, 0)
        if b"<f" in piece:
            _characters(b"\n".join(_FORMULA_TEXTS.findall(piece)))
        if b' t="s"' in piece:
            try:
                lengths = [self.shared[index.decode("ascii")] for index in _SHARED_INDEXES.findall(piece)]
            except KeyError:  # an index past the shared strings, or written unusually
                raise _NotPlain from None
            if lengths and max(lengths) > self.limits.max_cell_chars:
                raise _NotPlain
            self.text += sum(lengths)
        if self.text > self.limits.max_text_chars:
            raise _NotPlain


def _length(text: bytes) -> int:
    """The characters a text of the sheet becomes: each entity is one."""
    length = _characters(text)
    if b"&" in text:
        length -= sum(extra * text.count(entity) for entity, extra in _ENTITY_EXTRA.items())
    return length


def _characters(text: bytes) -> int:
    """Characters of UTF-8 text that XML allows; anything else is for the expat pass to name."""
    if any(bad in text for bad in _NOT_XML_CHARS):
        raise _NotPlain
    try:
        return len(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise _NotPlain from None


def scan_plain_sheet(
    chunks: Iterable[bytes], name: str, part: str, shared: dict[str, int], limits: Limits, totals: Totals
) -> SheetScan | None:
    """The scan of a worksheet in the plain form, or None when the sheet is not plain (totals then unchanged).

    `shared` maps a shared-string index as written ("12") to the string's length.
    """
    cells = _Cells(shared, limits, totals)
    outer: list[bytes] = []  # the part without its sheet data: checked, and parsed by expat
    buffer = b""
    phase = "head"
    iterator = iter(chunks)
    try:
        for chunk in iterator:
            buffer += chunk
            if phase == "head":
                at = buffer.find(_SHEET_DATA)
                if at < 0:
                    if len(buffer) > _MAX_PIECE:
                        return None
                    continue
                at += len(_SHEET_DATA)
                outer.append(buffer[:at])
                buffer, phase = buffer[at:], "rows"
            if phase == "rows":
                end = buffer.find(_SHEET_DATA_END)
                if end >= 0:
                    cells.add(buffer[:end])
                    buffer, phase = buffer[end:], "tail"
                else:
                    cut = buffer.rfind(b"</row>") + len(b"</row>")
                    if cut >= len(b"</row>"):
                        cells.add(buffer[:cut])
                        buffer = buffer[cut:]
                    if len(buffer) > _MAX_PIECE:
                        return None
            if phase == "tail" and len(buffer) > _MAX_PIECE:
                return None
        if phase == "rows":  # the sheet data never ends: not well-formed, expat says where
            return None
        outer.append(buffer)
        if not _plain_outside(outer, part):
            return None
    except _NotPlain:
        return None
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # stop decompressing a part left unread
    return _result(cells, name, part, totals)


def _plain_outside(outer: list[bytes], part: str) -> bool:
    """The part around the sheet data: UTF-8 declared, nothing the expat pass reads, and well-formed."""
    head, tail = outer[0], outer[-1]
    declaration = _DECLARATION.match(head)
    start = declaration.end() if declaration else 0
    if not declaration and head.startswith((b"<?", b"\xef\xbb\xbf<?", b"\xfe\xff", b"\xff\xfe")):
        return False
    for text in (head[start:], tail) if len(outer) > 1 else (head[start:],):
        if b"<!" in text or b"<?" in text or _CELL_TAG_OUTSIDE.search(text):
            return False
    checker = xml_parser()
    try:
        for text in outer:
            checker.Parse(text, False)
        checker.Parse(b"", True)
    except expat.ExpatError:
        return False
    return True


def _result(cells: _Cells, name: str, part: str, totals: Totals) -> SheetScan:
    scan = SheetScan(name, part, rows=cells.max_row + 1, cols=cells.max_col + 1)
    scan.last_row_cell = cell_ref(*cells.last_row_at) if cells.max_row >= 0 else ""
    scan.last_col_cell = cell_ref(*cells.last_col_at) if cells.max_col >= 0 else ""
    totals.cells += scan.rows * scan.cols
    totals.values, totals.text = cells.values, cells.text
    return scan
