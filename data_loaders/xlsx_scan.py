"""One streaming XML pass over an xlsx's worksheets before calamine reads them: extent, text sizes, hidden values."""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable
from xml.parsers import expat

from data_loaders.parsing import BadSavedValue
from data_loaders.problems import cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.rejection import FileRejected
from data_loaders.xlsx_basics import (
    EXCEL_MAX_COLS,
    EXCEL_MAX_ROWS,
    Limits,
    PartReader,
    SheetScan,
    Totals,
    column_index,
    xml_parser,
)
from data_loaders.xlsx_plain_scan import scan_plain_sheet

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Cell types whose empty <v> calamine turns into an empty cell; an empty "str" is a real empty text.
_EMPTY_HIDDEN = frozenset({"", "n", "s", "b", "e", "d"})
_INLINE = frozenset({"inlineStr", "is"})  # calamine ignores the <v> of these and reads <is>
_NUMBER_END = frozenset("0123456789.")  # a saved number ending so is finite or at worst text, never NaN


def scan_xlsx(
    archive: zipfile.ZipFile, read: PartReader, limits: Limits, *, plain: bool = True
) -> list[SheetScan]:
    """Scan the worksheets that calamine will read (found from workbook.xml and its relationships, any part name).

    A sheet in the plain form is scanned at C speed (xlsx_plain_scan) unless plain is False; any other is walked
    tag by tag here.
    """
    infos = archive.infolist()
    workbook = _find(infos, "xl/workbook.xml")
    rels = _find(infos, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return []
    targets = _relationships(b"".join(read(rels)), rels.filename)
    shared_info = _find(infos, "xl/sharedStrings.xml")
    shared = _shared_string_lengths(read(shared_info), shared_info.filename) if shared_info else []
    shared_by_index = {
        str(index): length for index, length in enumerate(shared)
    }  # "12" -> length, one lookup
    totals = Totals()
    scans: list[SheetScan] = []
    seen: set[str] = set()
    for name, rid in _sheets(b"".join(read(workbook)), workbook.filename):
        path = _sheet_path(targets.get(rid, ""))
        info = _find(infos, path)
        if path.split("/")[1:2] != ["worksheets"] or info is None or name in seen:
            continue  # not a worksheet (chart sheet…), or calamine cannot find it and will say so
        seen.add(name)
        scan = (
            scan_plain_sheet(read(info), name, info.filename, shared_by_index, limits, totals)
            if plain
            else None
        )
        if scan is None:
            scan = _scan_sheet(read(info), name, info.filename, shared, shared_by_index, limits, totals)
        scans.append(scan)
    if sum(shared) > limits.max_text_chars:  # texts no cell uses still fill the reader's memory
        raise FileRejected(ReasonCode.TOO_MUCH_TEXT, _too_much_text(limits))
    return scans


def _find(infos: list[zipfile.ZipInfo], path: str) -> zipfile.ZipInfo | None:
    """The part calamine opens for a path: the first whose name matches ignoring ASCII case."""
    wanted = path.translate(_ASCII_LOWER)
    return next((i for i in infos if i.filename.translate(_ASCII_LOWER) == wanted), None)


def _sheet_path(target: str) -> str:
    """A relationship target as calamine resolves it against the workbook."""
    if target.startswith("/xl/"):
        return target[1:]
    return target if target.startswith("xl/") else f"xl/{target}"


def _feed(parser: expat.XMLParserType, chunks: Iterable[bytes], part: str) -> None:
    """Parse a part chunk by chunk; malformed XML refuses the file."""
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise malformed_part(part, exc) from exc


def malformed_part(part: str, error: expat.ExpatError) -> FileRejected:
    """The refusal of an XML part that is not well-formed, naming the part, line and column."""
    return FileRejected(
        ReasonCode.NOT_EXCEL,
        f"Tệp Excel bị hỏng: phần “{part}” trong tệp không phải XML hợp lệ "
        f"({expat.errors.messages[error.code]}, dòng {error.lineno}, cột {error.offset}). "
        "Hãy mở tệp bằng Excel, lưu lại (Ctrl+S) rồi tải lên.",
    )


def _local(name: str) -> str:
    """An element's name without its namespace prefix (calamine matches local names too)."""
    return name.rpartition(":")[2]


def _relationships(xml: bytes, part: str) -> dict[str, str]:
    """Relationship Id -> Target of the workbook."""
    targets: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "Relationship":
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    parser = xml_parser()
    parser.StartElementHandler = start
    _feed(parser, [xml], part)
    return targets


def _sheets(xml: bytes, part: str) -> list[tuple[str, str]]:
    """(sheet name, relationship id) in workbook order."""
    sheets: list[tuple[str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) == "sheet":
            rid = attrs.get("r:id", attrs.get("relationships:id", ""))
            sheets.append((attrs.get("name", ""), rid))

    parser = xml_parser()
    parser.StartElementHandler = start
    _feed(parser, [xml], part)
    return sheets


def _shared_string_lengths(chunks: Iterable[bytes], part: str) -> list[int]:
    """The length of each shared string (all its runs, phonetic ones too: an upper bound)."""
    lengths: list[int] = []
    state = {"in_t": False, "len": 0, "has_text": False}
    pieces: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            state["len"], state["has_text"] = 0, False
        elif tag in ("t", "r"):
            state["has_text"] = True
            state["in_t"] = tag == "t"

    def chars(data: str) -> None:
        if state["in_t"]:
            pieces.append(data)

    def end(name: str) -> None:
        tag = _local(name)
        if tag == "t":
            state["in_t"] = False
            state["len"] += sum(map(len, pieces))
            pieces.clear()
        elif tag == "si" and state["has_text"]:
            lengths.append(state["len"])

    parser = xml_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    _feed(parser, chunks, part)
    return lengths


def _scan_sheet(
    chunks: Iterable[bytes],
    name: str,
    part: str,
    shared: list[int],
    shared_by_index: dict[str, int],
    limits: Limits,
    totals: Totals,
) -> SheetScan:
    """Walk one worksheet's cells the way calamine positions them (r attributes, or the running row and column)."""
    scan = SheetScan(name, part)
    columns: dict[str, int] = {}  # only letter strings already checked: A → 0, XFD → 16383
    pieces: list[str] = []
    # The running position (row_text is the row's number as written), and the cell being read.
    row = col = c_row = c_col = 0
    row_text = "1"
    c_type = last = v_text = ""
    has_formula = collecting = False
    inline_len = 0
    max_row = max_col = -1
    last_row_at = last_col_at = (0, 0)
    values, text_total, cells_before = totals.values, totals.text, totals.cells
    max_values, max_cell_chars = limits.max_cells, limits.max_cell_chars

    def bad_reference(ref: str) -> FileRejected:
        return FileRejected(
            ReasonCode.BAD_CELL_REFERENCE,
            f"Trang tính “{name}” có ô mang địa chỉ “{ref[:20]}” không hợp lệ hoặc nằm ngoài giới hạn của Excel "
            f"({_vn(EXCEL_MAX_ROWS)} dòng × {_vn(EXCEL_MAX_COLS)} cột). Tệp bị hỏng hoặc do phần mềm lạ tạo ra; hãy "
            "mở bằng Excel, lưu lại rồi tải lên.",
            sheet=name,
        )

    def position(ref: str) -> tuple[int, int]:
        """The slow path: a reference not on the current row, or with letters not seen yet."""
        digits = ref.lstrip(_LETTERS)
        n_letters = len(ref) - len(digits)
        if not (0 < n_letters <= 3 and 0 < len(digits) <= 7 and digits.isascii() and digits.isdigit()):
            raise bad_reference(ref)
        letters, number = ref[:n_letters], int(digits)
        if number == 0:
            raise bad_reference(ref)
        column = columns.get(letters)
        if column is None:
            column = columns[letters] = column_index(letters)
        return number - 1, column

    def start(tag: str, attrs: dict[str, str]) -> None:
        """Names come without namespace processing: a prefixed one is re-dispatched by its local name."""
        nonlocal row, col, row_text, c_row, c_col, c_type, last, v_text, has_formula, collecting, inline_len
        if tag == "c":
            ref = attrs.get("r")
            if ref is None:
                c_row, c_col = row, col
            else:
                # Fast path: "J4780" on row 4780 with letters already known; anything else is parsed in full.
                known = columns.get(ref[: len(ref) - len(row_text)]) if ref.endswith(row_text) else None
                if known is None:
                    c_row, c_col = position(ref)
                else:
                    c_row, c_col = row, known
                col = c_col
            c_type = attrs.get("t", "")
            last = v_text = ""
            has_formula = False
        elif tag == "v":
            last, collecting = "v", True
        elif tag == "t":
            collecting = True
        elif tag == "is":
            last, inline_len = "is", 0
        elif tag == "f":
            last, has_formula = "f", True
        elif tag == "row":
            ref = attrs.get("r")
            if ref is None:
                row_text = str(row + 1)
            elif ref.isascii() and ref.isdigit() and 0 < len(ref) <= 7 and int(ref) > 0:
                row, row_text = int(ref) - 1, ref
            else:
                raise bad_reference(ref)
        elif ":" in tag:
            start(_local(tag), attrs)

    def chars(data: str) -> None:
        if collecting:
            pieces.append(data)

    def end(tag: str) -> None:
        # The hot path: a cell ends. Its common cases (a plain number, a text) stay inline and cheap.
        nonlocal row, col, v_text, collecting, inline_len, max_row, max_col, values, text_total
        if tag == "c":
            col += 1
            if not last:
                return  # no value: calamine skips the cell
            if c_row > max_row or c_col > max_col:
                grow()
            values += 1
            if values > max_values:
                raise FileRejected(ReasonCode.TOO_MANY_CELLS, _too_many_values(name, limits), sheet=name)
            if last == "v":
                if c_type == "" or c_type == "n":
                    if not (v_text and v_text[-1] in _NUMBER_END):
                        check_number()
                    return
                length = shared_by_index.get(v_text, -1) if c_type == "s" else -1
                if length < 0:
                    length = text_length()
            elif last == "is":
                length = inline_len
            else:  # the formula came last: calamine keeps no value
                scan.formulas_without_value.append(cell_ref(c_row, c_col))
                return
            if length > max_cell_chars:
                raise text_too_long(length)
            text_total += length
            if text_total > limits.max_text_chars:
                where = cell_ref(c_row, c_col)
                raise FileRejected(ReasonCode.TOO_MUCH_TEXT, _too_much_text(limits), sheet=name, cell=where)
        elif tag == "v":
            v_text = pieces[0] if len(pieces) == 1 else "".join(pieces)
            pieces.clear()
            collecting = False
        elif tag == "t":
            inline_len += len(pieces[0]) if len(pieces) == 1 else sum(map(len, pieces))
            pieces.clear()
            collecting = False
        elif tag == "row":
            row += 1
            col = 0
        elif ":" in tag:
            end(_local(tag))

    def check_number() -> None:
        """A number cell whose saved text is not plainly a number: empty, NaN, or text calamine keeps as text."""
        if not v_text.strip():  # calamine: '' (or ' ') for an empty number, a silent blank
            if has_formula:
                scan.formulas_without_value.append(cell_ref(c_row, c_col))
            else:
                scan.bad_values[(c_row, c_col)] = BadSavedValue.empty()
        elif _is_nan(v_text):
            scan.bad_values[(c_row, c_col)] = BadSavedValue.nan(v_text)

    def text_length() -> int:
        """How long the text of a cell ending in <v> is once read (0 for values that are not text)."""
        if c_type == "s":
            if v_text.isascii() and v_text.isdigit():
                index = int(v_text)
                return shared[index] if index < len(shared) else 0
        elif c_type in _INLINE:  # calamine reads only <is>: a <v> there is no value
            if has_formula:
                scan.formulas_without_value.append(cell_ref(c_row, c_col))
            return 0
        elif c_type == "e":
            scan.bad_values[(c_row, c_col)] = BadSavedValue.error(v_text)
            return 0
        elif v_text or c_type not in _EMPTY_HIDDEN:  # str (a formula's text), d, b
            return len(v_text)
        if has_formula:  # an empty shared-string index, boolean or date
            scan.formulas_without_value.append(cell_ref(c_row, c_col))
        else:
            scan.bad_values[(c_row, c_col)] = BadSavedValue.empty()
        return 0

    def grow() -> None:
        """A cell beyond the box so far: the box grows, and must stay within the workbook's limit."""
        nonlocal max_row, max_col, last_row_at, last_col_at
        if c_row >= EXCEL_MAX_ROWS or c_col >= EXCEL_MAX_COLS:
            raise bad_reference(cell_ref(c_row, c_col))
        if c_row > max_row:
            max_row, last_row_at = c_row, (c_row, c_col)
        if c_col > max_col:
            max_col, last_col_at = c_col, (c_row, c_col)
        if cells_before + (max_row + 1) * (max_col + 1) > limits.max_cells:
            far = cell_ref(c_row, c_col)  # the cell that stretched the box past the limit: the stray one
            raise FileRejected(
                ReasonCode.TOO_MANY_CELLS,
                _far_cell_message(scan.name, far, max_row, max_col, limits),
                sheet=name,
                cell=far,
            )

    def text_too_long(length: int) -> FileRejected:
        where = cell_ref(c_row, c_col)
        return FileRejected(
            ReasonCode.TEXT_TOO_LONG,
            f"Ô {where} (trang “{name}”) chứa đoạn văn bản dài {_vn(length)} ký tự, vượt giới hạn "
            f"{_vn(max_cell_chars)} ký tự của một ô. Hãy rút gọn nội dung ô đó (hoặc xóa ô nếu là dán nhầm) "
            "rồi tải lên lại.",
            sheet=name,
            cell=where,
        )

    parser = xml_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    _feed(parser, chunks, part)
    scan.rows, scan.cols = max_row + 1, max_col + 1
    scan.last_row_cell = cell_ref(*last_row_at) if max_row >= 0 else ""
    scan.last_col_cell = cell_ref(*last_col_at) if max_col >= 0 else ""
    totals.cells += scan.rows * scan.cols
    totals.values, totals.text = values, text_total
    return scan


def _vn(number: int) -> str:
    """A whole number with Vietnamese thousands dots: 5.000.000."""
    return f"{number:,}".replace(",", ".")


def _is_nan(text: str) -> bool:
    """Whether a saved number reads as NaN (calamine reads "NaN", "nan", "-nan"… as a float NaN)."""
    try:
        return math.isnan(float(text))
    except ValueError:
        return False


def _far_cell_message(sheet: str, far: str, max_row: int, max_col: int, limits: Limits) -> str:
    """Explain that one stray cell far from the table stretches the sheet, and name it."""
    rows, cols = max_row + 1, max_col + 1
    return (
        f"Trang tính “{sheet}” có ô {far} ở rất xa bảng số liệu: vùng cần đọc kéo dài thành {_vn(rows)} dòng × "
        f"{_vn(cols)} cột = {_vn(rows * cols)} ô, vượt giới hạn {_vn(limits.max_cells)} ô của một tệp. Thường đó là "
        "ô lỡ tay gõ hoặc dán ở cuối trang: hãy xóa ô đó / các dòng cột thừa phía sau bảng (chọn các dòng, cột "
        "trống → Xóa), lưu lại rồi tải lên."
    )


def _too_many_values(name: str, limits: Limits) -> str:
    return (
        f"Tệp có quá nhiều ô dữ liệu (trang “{name}” vượt tổng giới hạn {_vn(limits.max_cells)} ô). Hãy xóa các dòng, "
        "cột thừa hoặc chia thành nhiều tệp."
    )


def _too_much_text(limits: Limits) -> str:
    return (
        f"Tệp chứa quá nhiều chữ (hơn {_vn(limits.max_text_chars)} ký tự văn bản). Báo cáo thường chỉ có vài triệu "
        "ký tự; hãy xóa các trang, ô dán nhầm văn bản dài hoặc chia thành nhiều tệp."
    )
