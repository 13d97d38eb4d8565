"""Checks an uploaded file before any parser sees it: size, format, zip bombs, XML entities, then its sheets' extent."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from base.limits import ReadLimits
from data_loaders.rejection import FileRejected as FileRejected
from data_loaders.xls_scan import xls_extents
from data_loaders.xlsx_basics import Limits, SheetScan
from data_loaders.xlsx_scan import malformed_part, scan_xlsx

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file (Excel 97–2003)
_CHUNK = 1 << 20
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class FileCheck:
    """What the pre-scan learnt: the format, and (xlsx) what one pass over each worksheet found."""

    fmt: str  # xlsx | xls
    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)  # sheet part -> cells
    sheets: dict[str, SheetScan] = field(default_factory=dict, compare=False)  # sheet name -> its scan


def check_file(content: bytes, file_name: str, limits: ReadLimits, *, plain_scan: bool = True) -> FileCheck:
    """Refuse what is not a readable, reasonably sized Excel file; never decompress without a bound.

    plain_scan=False walks every sheet tag by tag, even a plain one (the reference the fast scan is tested on).
    """
    max_bytes = int(limits.max_upload_mb * 1024 * 1024)
    if len(content) > max_bytes:
        raise FileRejected(
            "file_too_large",
            f"Tệp {len(content) / 1048576:.1f} MB vượt giới hạn {limits.max_upload_mb:g} MB. "
            "Hãy chia báo cáo thành nhiều tệp nhỏ hơn.",
        )
    if not content:
        raise FileRejected("empty_file", "Tệp rỗng (0 byte). Hãy xuất lại báo cáo từ Excel rồi tải lên.")
    lower = file_name.lower()
    if lower.endswith((".xlsm", ".xltm", ".xlsb")):
        raise FileRejected(
            "macro_file",
            "Tệp có macro (.xlsm/.xlsb) không được nhận. Hãy mở tệp trong Excel, chọn Lưu thành "
            "(Save As) kiểu “Excel Workbook (*.xlsx)” rồi tải lên lại.",
        )
    if content.startswith(XLS_MAGIC):
        _bound_xls(content, limits)
        return FileCheck("xls")
    if not content.startswith(XLSX_MAGIC):
        raise FileRejected(
            "not_excel",
            "Tệp không phải là tệp Excel (.xlsx hoặc .xls). Hãy lưu báo cáo dưới dạng Excel rồi tải lên lại.",
        )
    scans = _scan_xlsx(content, limits, plain_scan)
    return FileCheck(
        "xlsx",
        {scan.part: scan.formulas_without_value for scan in scans if scan.formulas_without_value},
        {scan.name: scan for scan in scans},
    )


def _bound_xls(content: bytes, limits: ReadLimits) -> None:
    """calamine fills every .xls sheet from A1 to its farthest cell when it opens the file: bound that first."""
    total = 0
    for index, extent in enumerate(xls_extents(content), start=1):
        total += extent.rows * extent.cols
        if total > limits.max_cells:
            cells = f"{extent.rows * extent.cols:,}".replace(",", ".")
            limit = f"{limits.max_cells:,}".replace(",", ".")
            raise FileRejected(
                "too_many_cells",
                f"Trang tính thứ {index} của tệp .xls có ô {extent.far} ở rất xa bảng số liệu: vùng cần đọc thành "
                f"{cells} ô, vượt giới hạn {limit} ô của một tệp. Thường đó là ô lỡ tay gõ ở cuối trang: hãy xóa ô "
                "đó / các dòng cột thừa phía sau bảng, lưu lại (nên lưu thành .xlsx) rồi tải lên.",
                cell=extent.far,
            )


def _scan_xlsx(content: bytes, limits: ReadLimits, plain_scan: bool) -> list[SheetScan]:
    """Refuse bombs, DTDs and macros with bounded decompression; one pass over each worksheet bounds the rest."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(
            "not_excel", f"Tệp Excel bị hỏng, không mở được ({exc}). Hãy lưu lại tệp rồi thử lại."
        ) from exc
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise FileRejected("not_excel", "Tệp nén này không phải là sổ tính Excel (thiếu xl/workbook.xml).")
    if "xl/vbaProject.bin" in names:
        raise FileRejected(
            "macro_file",
            "Tệp chứa macro VBA. Hãy lưu lại dạng “Excel Workbook (*.xlsx)” (không macro) rồi tải lên.",
        )
    if len({i.filename.translate(_ASCII_LOWER) for i in infos}) < len(infos):
        raise FileRejected(  # which copy a reader takes is up to the reader: never guess
            "not_excel", "Tệp Excel bị hỏng: có hai phần trùng tên trong tệp nén. Hãy lưu lại tệp bằng Excel."
        )
    limit = int(limits.max_uncompressed_mb * 1024 * 1024)
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise FileRejected("zip_bomb", _too_big_message(declared, limits))
    for info in infos:
        if info.compress_size and info.file_size / max(info.compress_size, 1) > limits.max_compression_ratio:
            raise FileRejected("zip_bomb", _too_big_message(info.file_size, limits))
    parts = _BoundedParts(archive, limit, limits)
    bounds = Limits(limits.max_cells, limits.max_cell_chars, limits.max_text_chars)
    scans = scan_xlsx(archive, parts.read, bounds, plain=plain_scan)
    for info in infos:  # the other XML parts: bounded, no DTD anywhere, and well-formed
        if info.filename.lower().endswith((".xml", ".rels")) and info.header_offset not in parts.done:
            _check_well_formed(info.filename, parts.read(info))
    return scans


def _check_well_formed(name: str, chunks: Iterator[bytes]) -> None:
    """Refuse a damaged XML part: a lenient reader would quietly skip what a strict one cannot read."""
    parser = expat.ParserCreate()
    error: expat.ExpatError | None = None
    for chunk in chunks:  # read to the end even after an error: the size bound decides first
        if error is None:
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError as exc:
                error = exc
    if error is None:
        try:
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            error = exc
    if error is not None:
        raise malformed_part(name, error) from error


class _BoundedParts:
    """Reads zip parts chunk by chunk, counting what really comes out (headers can lie) and refusing any DTD."""

    def __init__(self, archive: zipfile.ZipFile, limit: int, limits: ReadLimits) -> None:
        self.archive = archive
        self.limit = limit
        self.limits = limits
        self.total = 0
        self.done: set[int] = set()
        self.counted: dict[int, int] = {}  # part -> bytes already counted (a part may be read twice)

    def read(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes in chunks of at most 1 MB."""
        self.done.add(info.header_offset)
        tail = b""
        position = 0
        try:
            with self.archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    position += len(chunk)
                    counted = self.counted.get(info.header_offset, 0)
                    if position > counted:
                        self.total += position - counted
                        self.counted[info.header_offset] = position
                    if self.total > self.limit:
                        raise FileRejected("zip_bomb", _too_big_message(self.total, self.limits))
                    window = tail + chunk  # a declaration may straddle two chunks
                    if (
                        b"<!DOCTYPE" in window or b"<!ENTITY" in window
                    ):  # anywhere: a long comment can push it down
                        raise FileRejected(
                            "xml_entities", "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY)."
                        )
                    tail = chunk[-16:]
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:  # zlib errors surface as these
            raise FileRejected(
                "not_excel", f"Tệp Excel bị hỏng ({exc}). Hãy lưu lại tệp rồi thử lại."
            ) from exc


def _too_big_message(size: int, limits: ReadLimits) -> str:
    return (
        f"Tệp giải nén ra quá lớn (hơn {size / 1048576:.0f} MB, giới hạn {limits.max_uncompressed_mb:g} MB) "
        "hoặc bị nén bất thường. Tệp có thể bị hỏng hoặc độc hại; hãy xuất lại báo cáo từ phần mềm gốc."
    )
