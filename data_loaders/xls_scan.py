"""The extent of each sheet of a legacy .xls, read from its cell records before calamine (which fills it whole)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from data_loaders.problems import cell_ref
from data_loaders.reasons import ReasonCode
from data_loaders.rejection import FileRejected

_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_BOF, _EOF = 0x0809, 0x000A
# BIFF8 records that put a value (or a blank) at a row and column: NUMBER, RK, LABELSST, LABEL, FORMULA,
# BOOLERR, BLANK, RSTRING; MULRK and MULBLANK hold a run of columns whose last one ends the record.
_CELL = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x0201, 0x00D6})
_RUN = frozenset({0x00BD, 0x00BE})


@dataclass
class XlsExtent:
    """One worksheet's extent from A1 to its farthest cell record, and that cell."""

    rows: int
    cols: int
    far: str


def _broken(detail: str) -> FileRejected:
    return FileRejected(
        ReasonCode.NOT_EXCEL,
        f"Tệp Excel 97–2003 (.xls) bị hỏng ({detail}). Hãy mở bằng Excel, lưu lại rồi tải lên.",
    )


def _stream(content: bytes, names: tuple[str, ...]) -> bytes:
    """The bytes of the first named stream of an OLE2 compound file, following its sector chains with a bound."""
    if len(content) < 512:
        raise _broken("thiếu phần đầu tệp")
    shift, mini_shift = struct.unpack_from("<HH", content, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        raise _broken("kích thước khối không hợp lệ")
    size = 1 << shift
    n_sectors = (len(content) - 512) // size + 1
    (n_fat, first_dir, cutoff, first_minifat, _, first_difat, _) = struct.unpack_from(
        "<I I 4x I I I I I", content, 0x2C
    )

    def sector(n: int) -> bytes:
        if (n + 2) * size > len(content):
            raise _broken("khối nằm ngoài tệp: tệp bị cắt cụt?")
        return content[(n + 1) * size : (n + 2) * size]

    fat_sectors = list(struct.unpack_from("<109I", content, 0x4C))
    next_difat, seen = first_difat, 0
    while next_difat not in (_END_OF_CHAIN, _FREE) and seen <= n_sectors:
        block = struct.unpack(f"<{size // 4}I", sector(next_difat))
        fat_sectors.extend(block[:-1])
        next_difat, seen = block[-1], seen + 1
    fat: list[int] = []
    for n in fat_sectors[: min(n_fat, n_sectors)]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(n)))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        while start not in (_END_OF_CHAIN, _FREE):
            if len(out) > limit or start >= len(table):
                raise _broken("chuỗi khối lặp hoặc hỏng")
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(n) for n in chain(first_dir, fat, n_sectors))
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        raise _broken("thiếu thư mục")
    root_start, root_size = struct.unpack_from("<II", entries[0], 0x74)
    for entry in entries:
        name_len = struct.unpack_from("<H", entry, 0x40)[0]
        name = entry[: max(0, min(name_len, 64) - 2)].decode("utf-16-le", "replace")
        if entry[0x42] != 2 or name not in names:
            continue
        start, length = struct.unpack_from("<II", entry, 0x74)
        if length >= cutoff:
            data = b"".join(sector(n) for n in chain(start, fat, n_sectors))
        else:  # a small stream lives in the mini stream, 64-byte blocks found through the mini FAT
            mini_stream = b"".join(sector(n) for n in chain(root_start, fat, n_sectors))[:root_size]
            minifat_bytes = b"".join(sector(n) for n in chain(first_minifat, fat, n_sectors))
            minifat = list(struct.unpack(f"<{len(minifat_bytes) // 4}I", minifat_bytes))
            blocks = chain(start, minifat, len(minifat))
            data = b"".join(mini_stream[n << mini_shift : (n + 1) << mini_shift] for n in blocks)
        return data[:length]
    raise _broken("không có luồng Workbook")


def xls_extents(content: bytes) -> list[XlsExtent]:
    """The extent of every sheet substream, from its cell records (what calamine will allocate for)."""
    try:
        data = _stream(content, ("Workbook", "Book"))
    except struct.error as exc:  # a header or table shorter than it says
        raise _broken("cấu trúc tệp không đọc được") from exc
    extents: list[XlsExtent] = []
    stack: list[tuple[int, int, tuple[int, int]]] = []  # substreams nest (a chart inside a sheet)
    max_row, max_col, far = -1, -1, (0, 0)
    pos = 0
    while pos + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4 : pos + 4 + length]
        pos += 4 + length
        if kind == _BOF:
            stack.append((max_row, max_col, far))
            max_row, max_col, far = -1, -1, (0, 0)
        elif kind == _EOF and stack:
            if max_row >= 0:
                extents.append(XlsExtent(max_row + 1, max_col + 1, cell_ref(*far)))
            max_row, max_col, far = stack.pop()
        elif (kind in _CELL or kind in _RUN) and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body, 0)
            if kind in _RUN and len(body) >= 6:
                col = max(col, struct.unpack_from("<H", body, len(body) - 2)[0])
            if row > max_row or col > max_col:
                max_row, max_col = max(row, max_row), max(col, max_col)
                far = (row, col)
    return extents
