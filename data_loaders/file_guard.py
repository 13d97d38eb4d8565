"""Checks an uploaded file before any parser sees it: size, format, zip bombs, XML entities, formulas."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from dashboard.settings import Settings

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2 compound file (Excel 97–2003)
_CHUNK = 1 << 20
_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*(?<!/)>(.*?)</c>', re.DOTALL)
_SAVED_VALUE = re.compile(rb"<v>[^<]|<is>")


class FileRejected(Exception):
    """The file cannot be read safely; `.code` is the reason, `.message` the Vietnamese explanation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class FileCheck:
    """What the pre-scan learnt: the format, and (xlsx) cells that hold a formula with no saved value."""

    fmt: str  # xlsx | xls
    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)  # sheet xml path -> cells


def check_file(content: bytes, file_name: str, settings: Settings) -> FileCheck:
    """Refuse what is not a readable, reasonably sized Excel file; never decompress without a bound."""
    max_bytes = int(settings.max_upload_mb * 1024 * 1024)
    if len(content) > max_bytes:
        raise FileRejected(
            "file_too_large",
            f"Tệp {len(content) / 1048576:.1f} MB vượt giới hạn {settings.max_upload_mb:g} MB. "
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
        return FileCheck("xls")
    if not content.startswith(XLSX_MAGIC):
        raise FileRejected(
            "not_excel",
            "Tệp không phải là tệp Excel (.xlsx hoặc .xls). Hãy lưu báo cáo dưới dạng Excel rồi tải lên lại.",
        )
    return FileCheck("xlsx", _scan_xlsx(content, settings))


def _scan_xlsx(content: bytes, settings: Settings) -> dict[str, list[str]]:
    """Walk every part with bounded decompression; refuse bombs, DTDs and macros; list formula cells."""
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
    limit = int(settings.max_uncompressed_mb * 1024 * 1024)
    declared = sum(i.file_size for i in infos)
    if declared > limit:
        raise FileRejected("zip_bomb", _too_big_message(declared, settings))
    total = 0
    formulas: dict[str, list[str]] = {}
    for info in infos:
        if (
            info.compress_size
            and info.file_size / max(info.compress_size, 1) > settings.max_compression_ratio
        ):
            raise FileRejected("zip_bomb", _too_big_message(info.file_size, settings))
        if not info.filename.endswith((".xml", ".rels")):
            continue
        data = bytearray()
        try:
            with archive.open(info) as part:
                while chunk := part.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:  # headers can lie: count what actually comes out
                        raise FileRejected("zip_bomb", _too_big_message(total, settings))
                    data += chunk
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # zlib errors surface as these
            raise FileRejected(
                "not_excel", f"Tệp Excel bị hỏng ({exc}). Hãy lưu lại tệp rồi thử lại."
            ) from exc
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # anywhere: a long comment can push it down
            raise FileRejected("xml_entities", "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY).")
        if info.filename.startswith("xl/worksheets/") and b"<f" in data:
            missing = [
                m.group(1).decode()
                for m in _CELL.finditer(data)
                if b"<f" in m.group(2) and not _SAVED_VALUE.search(m.group(2))
            ]
            if missing:
                formulas[info.filename] = missing
    return formulas


def _too_big_message(size: int, settings: Settings) -> str:
    return (
        f"Tệp giải nén ra quá lớn (hơn {size / 1048576:.0f} MB, giới hạn {settings.max_uncompressed_mb:g} MB) "
        "hoặc bị nén bất thường. Tệp có thể bị hỏng hoặc độc hại; hãy xuất lại báo cáo từ phần mềm gốc."
    )
