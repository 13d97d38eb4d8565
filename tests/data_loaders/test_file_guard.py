"""The pre-scan of uploads: what is refused (and why), what passes, and which formula cells lack a saved value."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from dashboard.settings import Settings
from data_loaders.file_guard import XLS_MAGIC, FileCheck, FileRejected, check_file
from data_loaders.parsing import BadSavedValue
from data_loaders.problems import cell_ref
from data_loaders.workbook import open_workbook
from data_loaders.xlsx_basics import SheetScan

SHEET_PART = "xl/worksheets/sheet1.xml"


def clean_xlsx(cells: dict[str, object] | None = None) -> bytes:
    """A small openpyxl workbook (one sheet) with these cells, by default a few numbers and texts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu II.06a"
    for ref, value in (
        cells or {"A1": "Kỳ báo cáo: Tháng 5/2023", "B12": "Hộ tịch", "C12": 20, "D12": 7}
    ).items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rewrite_part(content: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same zip with one part rewritten (the part must exist)."""
    out = io.BytesIO()
    found = False
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data, found = change(data), True
            dst.writestr(info.filename, data)
    assert found, part
    return out.getvalue()


def add_part(content: bytes, part: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr(part, data)
    return out.getvalue()


def zip_of(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def after_declaration(insert: bytes) -> Callable[[bytes], bytes]:
    """Insert text right after the part's XML declaration (or at its start when it has none)."""

    def change(xml: bytes) -> bytes:
        head, sep, rest = xml.partition(b"?>")
        return head + sep + insert + rest if sep else insert + xml

    return change


DOCTYPE = b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def code_of(content: bytes, file_name: str = "bao_cao.xlsx", settings: Settings | None = None) -> str:
    with pytest.raises(FileRejected) as info:
        check_file(content, file_name, settings or Settings())
    assert info.value.message  # a Vietnamese explanation comes with every code
    return info.value.code


# ---------------------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "file_name", "code"),
    [
        pytest.param(lambda: "STT;Lĩnh vực\n1;Hộ tịch\n".encode(), "bao_cao.xlsx", "not_excel", id="text"),
        pytest.param(
            lambda: b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "bao_cao.xlsx", "not_excel", id="pdf"
        ),
        pytest.param(lambda: b"", "bao_cao.xlsx", "empty_file", id="empty"),
        pytest.param(clean_xlsx, "bao_cao.xlsm", "macro_file", id="xlsm-name"),
        pytest.param(clean_xlsx, "BAO_CAO.XLSB", "macro_file", id="xlsb-name-upper-case"),
        pytest.param(clean_xlsx, "mau.xltm", "macro_file", id="xltm-name"),
        pytest.param(
            lambda: add_part(clean_xlsx(), "xl/vbaProject.bin", b"\x00" * 64),
            "bao_cao.xlsx",
            "macro_file",
            id="vba-part",
        ),
        pytest.param(
            lambda: clean_xlsx()[: len(clean_xlsx()) // 2], "bao_cao.xlsx", "not_excel", id="truncated-zip"
        ),
        pytest.param(
            lambda: zip_of({"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<Types/>"}),
            "bao_cao.xlsx",
            "not_excel",
            id="zip-without-workbook",
        ),
        pytest.param(
            lambda: rewrite_part(clean_xlsx(), SHEET_PART, after_declaration(DOCTYPE)),
            "bao_cao.xlsx",
            "xml_entities",
            id="doctype-in-sheet",
        ),
        pytest.param(
            lambda: rewrite_part(clean_xlsx(), "xl/styles.xml", after_declaration(b'<!ENTITY x "y">')),
            "bao_cao.xlsx",
            "xml_entities",
            id="entity-in-styles",
        ),
        pytest.param(
            lambda: rewrite_part(clean_xlsx(), "_rels/.rels", after_declaration(DOCTYPE)),
            "bao_cao.xlsx",
            "xml_entities",
            id="doctype-in-rels",
        ),
        pytest.param(
            lambda: rewrite_part(
                clean_xlsx(), SHEET_PART, after_declaration(b"<!--" + b" padding " * 1000 + b"-->" + DOCTYPE)
            ),
            "bao_cao.xlsx",
            "xml_entities",
            id="doctype-after-a-long-comment",
        ),
    ],
)
def test_refused_files(build: Callable[[], bytes], file_name: str, code: str) -> None:
    assert code_of(build(), file_name) == code


def test_size_limit_is_checked_before_anything_else() -> None:
    content = clean_xlsx()
    limit_mb = (len(content) - 1) / (1024 * 1024)

    assert code_of(content, settings=Settings(max_upload_mb=limit_mb)) == "file_too_large"
    assert check_file(content, "bao_cao.xlsx", Settings(max_upload_mb=limit_mb * 2)).fmt == "xlsx"
    # Even a file that would be refused for another reason is refused for its size first.
    assert code_of(b"x" * 2048, settings=Settings(max_upload_mb=0.001)) == "file_too_large"


def _zeros_part(size_mb: int) -> bytes:
    """A zip with a workbook and one worksheet part of size_mb MB of zeros, streamed in 1 MB chunks."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        with z.open(SHEET_PART, "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(size_mb):
                part.write(chunk)
    return out.getvalue()


def test_highly_compressed_part_is_a_zip_bomb() -> None:
    """8 MB of zeros is well under the size limits but compresses about 1000:1."""
    content = _zeros_part(8)

    assert code_of(content, settings=Settings(max_compression_ratio=200)) == "zip_bomb"
    # With the ratio allowed it is no bomb; its zeros are no XML either, which the guard says next.
    assert code_of(content, settings=Settings(max_compression_ratio=1e9)) == "not_excel"


def test_unzipped_size_over_the_limit_is_a_zip_bomb() -> None:
    """Parts that compress normally but add up to more than the allowed unzipped size."""
    noise = bytes(range(256)) * 4096  # 1 MB; it compresses well, so the ratio check is switched off below
    content = zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": noise * 3})
    settings = Settings(max_uncompressed_mb=2, max_compression_ratio=1e9)

    assert code_of(content, settings=settings) == "zip_bomb"
    # Within the size allowed it is no bomb; its bytes are no XML either, which the guard says next.
    assert (
        code_of(content, settings=Settings(max_uncompressed_mb=4, max_compression_ratio=1e9)) == "not_excel"
    )


def test_stored_xlsx_is_checked_like_a_deflated_one() -> None:
    content = zip_of(
        {"xl/workbook.xml": b"<workbook/>", SHEET_PART: after_declaration(DOCTYPE)(b"<?xml?><worksheet/>")},
        zipfile.ZIP_STORED,
    )
    assert code_of(content) == "xml_entities"


# ---------------------------------------------------------------------------------------------------------
# What passes
# ---------------------------------------------------------------------------------------------------------


def test_clean_openpyxl_file_passes() -> None:
    check = check_file(clean_xlsx(), "Báo cáo tháng 5.xlsx", Settings())

    assert check == FileCheck("xlsx", {})


def test_legacy_xls_is_recognised_by_its_signature() -> None:
    check = check_file(xls_file([(3, 2)]), "bao_cao.xls", Settings())

    assert check.fmt == "xls"
    assert check.formulas_without_value == {}


# ---------------------------------------------------------------------------------------------------------
# Formulas with and without a saved value
# ---------------------------------------------------------------------------------------------------------


def test_formula_without_value_lists_its_cell() -> None:
    content = clean_xlsx({"B12": "Hộ tịch", "C12": 20, "D12": "=C12+1"})

    check = check_file(content, "bao_cao.xlsx", Settings())

    assert check.formulas_without_value == {SHEET_PART: ["D12"]}


def test_formulas_without_values_are_all_listed_in_sheet_order() -> None:
    content = clean_xlsx(
        {"C12": 20, "D12": "=C12+1", "E12": 3, "C13": "=SUM(C12:C12)", "N14": '=IF(C12>0,"có","không")'}
    )

    check = check_file(content, "bao_cao.xlsx", Settings())

    assert check.formulas_without_value == {SHEET_PART: ["D12", "C13", "N14"]}


def _with_saved_value(cell: str, saved: bytes) -> Callable[[bytes], bytes]:
    """Give the formula of one cell a saved value, the way Excel writes it: <f>…</f><v>…</v>."""

    def change(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start)
        cell_xml = xml[start:end]
        assert b"<f>" in cell_xml and b"<v />" in cell_xml, cell_xml
        return xml[:start] + cell_xml.replace(b"<v />", saved) + xml[end:]

    return change


@pytest.mark.parametrize(
    "saved",
    [
        pytest.param(b"<v>21</v>", id="number"),
        pytest.param(b"<v>0</v>", id="zero"),
        pytest.param("<v>không</v>".encode(), id="text"),
    ],
)
def test_formula_with_a_saved_value_is_not_listed(saved: bytes) -> None:
    content = clean_xlsx({"C12": 20, "D12": "=C12+1", "C13": "=C12*2"})
    content = rewrite_part(content, SHEET_PART, _with_saved_value("D12", saved))

    check = check_file(content, "bao_cao.xlsx", Settings())

    assert check.formulas_without_value == {SHEET_PART: ["C13"]}


def test_all_formulas_saved_means_nothing_listed() -> None:
    content = clean_xlsx({"C12": 20, "D12": "=C12+1"})
    content = rewrite_part(content, SHEET_PART, _with_saved_value("D12", b"<v>21</v>"))

    check = check_file(content, "bao_cao.xlsx", Settings())

    assert check == FileCheck("xlsx", {})


# ---------------------------------------------------------------------------------------------------------
# One pass over each worksheet: extent, text sizes and hidden values, found the way calamine reads the cells
# ---------------------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def raw_xlsx(
    sheet_data: str,
    *,
    shared: list[str] | None = None,
    part: str = SHEET_PART,
    sheet_xml: bytes | None = None,
) -> bytes:
    """A minimal xlsx written by hand: one sheet “Biểu” whose <sheetData> is given, optional shared strings."""
    target = "/" + part
    parts = {
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            '<sheet name="Biểu" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="{target}"/></Relationships>'
        ).encode(),
        part: sheet_xml
        or f'<worksheet xmlns="{_MAIN}"><sheetData>{sheet_data}</sheetData></worksheet>'.encode(),
    }
    if shared is not None:
        items = "".join(f"<si><t>{s}</t></si>" for s in shared)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_MAIN}">{items}</sst>'.encode()
    return zip_of(parts)


def _with_sheet_data(xml: bytes, sheet_data: str) -> bytes:
    start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
    return xml[:start] + sheet_data.encode() + xml[end:]


def scan_of(content: bytes, settings: Settings | None = None) -> SheetScan:
    return check_file(content, "bao_cao.xlsx", settings or Settings()).sheets["Biểu"]


def refusal(content: bytes, settings: Settings | None = None) -> FileRejected:
    with pytest.raises(FileRejected) as info:
        check_file(content, "bao_cao.xlsx", settings or Settings())
    return info.value


@pytest.mark.parametrize(
    ("sheet_data", "far"),
    [
        pytest.param(
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
            "XFD1048576",
            id="last-cell",
        ),
        pytest.param(
            '<row r="1"><c r="A1"><v>1</v><c r="xfd400"><v>1</v></c></c></row>', "XFD400", id="lower-case"
        ),
        pytest.param(
            '<row r="3"><c r="A3"><v>1</v></c><c r="ZZ1"/><c><f>1</f></c></row>'
            '<row r="900000"><c r="C900000" t="inlineStr"><is><t>x</t></is></c></row>',
            "C900000",
            id="far-row-then-wide",
        ),
    ],
)
def test_a_stray_far_cell_is_refused_before_reading(sheet_data: str, far: str) -> None:
    rejected = refusal(raw_xlsx(sheet_data), Settings(max_cells=1_000_000))

    assert rejected.code == "too_many_cells"
    assert (rejected.sheet, rejected.cell) == ("Biểu", far)
    assert f"ô {far} ở rất xa bảng số liệu" in rejected.message
    assert "hãy xóa ô đó" in rejected.message


def test_extent_counts_only_cells_that_hold_something_and_ignores_the_dimension() -> None:
    sheet = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="2"><c r="B2"><v>1</v></c><c r="C2" s="1"/></row>'
        '<row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>'
        "</sheetData></worksheet>"
    ).encode()

    scan = scan_of(raw_xlsx("", sheet_xml=sheet))

    assert (scan.rows, scan.cols) == (2, 2)  # A1:B2, as calamine reads it (to_python starts at A1)


def test_cells_without_references_are_placed_like_calamine_places_them() -> None:
    sheet_data = (
        '<row><c t="inlineStr"><is><t>x</t></is></c><c><v>NaN</v></c></row>'
        '<row r="4"><c r="C4"><v>2</v></c><c><v></v></c></row>'
    )
    content = rewrite_part(clean_xlsx(), SHEET_PART, lambda xml: _with_sheet_data(xml, sheet_data))

    scan = check_file(content, "bao_cao.xlsx", Settings()).sheets["Biểu II.06a"]
    rows = open_workbook(content, "bao_cao.xlsx", Settings()).sheets[0].rows

    assert set(scan.bad_values) == {(0, 1), (3, 3)}
    assert (scan.rows, scan.cols) == (4, 4)
    assert rows[0][1] == "NaN" and rows[0][1].code == "bad_saved_value"  # type: ignore[union-attr]
    assert rows[3][2] == 2.0 and isinstance(rows[3][3], BadSavedValue)


@pytest.mark.parametrize("ref", ["A0", "XFE1", "A1048577", "1A", "A1B", "AAAA1", "A١", "A 1", "A99999999999"])
def test_a_reference_outside_excel_or_malformed_is_refused(ref: str) -> None:
    rejected = refusal(raw_xlsx(f'<row><c r="{ref}"><v>1</v></c></row>'))

    assert rejected.code == "bad_cell_reference"
    assert rejected.sheet == "Biểu"


def test_two_parts_with_the_same_name_are_refused() -> None:
    """Which copy a reader takes is the reader's choice: a file that relies on it is refused."""
    content = raw_xlsx('<row><c r="A1"><v>1</v></c></row>')
    content = add_part(
        content, SHEET_PART.upper(), f'<worksheet xmlns="{_MAIN}"><sheetData/></worksheet>'.encode()
    )

    assert refusal(content).code == "not_excel"


@pytest.mark.parametrize(
    "sheet_xml",
    [
        pytest.param(DOCTYPE + b"<worksheet/>", id="utf-8"),
        pytest.param(
            ('<?xml version="1.0" encoding="UTF-16"?>' + DOCTYPE.decode() + "<worksheet/>").encode("utf-16"),
            id="utf-16-hides-it-from-a-byte-search",
        ),
    ],
)
def test_doctype_in_a_sheet_part_not_named_xml_is_refused(sheet_xml: bytes) -> None:
    content = raw_xlsx("", part="xl/worksheets/data.bin", sheet_xml=sheet_xml)

    assert refusal(content).code == "xml_entities"


def test_a_long_shared_string_is_refused_at_the_cell_that_uses_it() -> None:
    content = raw_xlsx(
        '<row r="7"><c r="B7" t="s"><v>1</v></c></row>',
        shared=["Hộ tịch", "x" * 100],
        part="xl/worksheets/s.xml",
    )

    rejected = refusal(content, Settings(max_cell_chars=99))

    assert (rejected.code, rejected.cell) == ("text_too_long", "B7")
    assert "100 ký tự" in rejected.message and "99 ký tự" in rejected.message
    assert scan_of(content, Settings(max_cell_chars=100)).rows == 7


def test_text_of_the_whole_workbook_is_bounded_per_use() -> None:
    """One shared string used by many cells becomes that many texts once read."""
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 11))
    content = raw_xlsx(cells, shared=["x" * 50])

    assert scan_of(content, Settings(max_text_chars=500)).rows == 10
    assert refusal(content, Settings(max_text_chars=499)).code == "too_much_text"


def test_shared_strings_no_cell_uses_are_still_bounded() -> None:
    content = raw_xlsx('<row><c r="A1"><v>1</v></c></row>', shared=["x" * 600])

    assert refusal(content, Settings(max_text_chars=500)).code == "too_much_text"


# ---------------------------------------------------------------------------------------------------------
# Legacy .xls: calamine fills each sheet from A1 to its farthest cell as it opens the file, so that is bounded first
# ---------------------------------------------------------------------------------------------------------

_END, _FREE_SECTOR, _FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def biff_record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def biff_workbook(cells: list[tuple[int, int]], runs: list[tuple[int, int, int]] = ()) -> bytes:  # type: ignore[assignment]
    """A BIFF8 Workbook stream: globals, then one sheet with NUMBER records (row, col) and MULBLANK runs."""
    globals_ = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)) + biff_record(
        0x000A, b""
    )
    sheet = biff_record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0, 0, 0, 0))
    for row, col in cells:
        sheet += biff_record(0x0203, struct.pack("<HHHd", row, col, 15, 1.0))
    for row, first, last in runs:
        sheet += biff_record(
            0x00BE,
            struct.pack("<HH", row, first) + b"\x0f\x00" * (last - first + 1) + struct.pack("<H", last),
        )
    return globals_ + sheet + biff_record(0x000A, b"")


def cfb(stream: bytes, name: str = "Workbook", fat_loop: bool = False) -> bytes:
    """A minimal OLE2 compound file holding one stream in 512-byte sectors: FAT, directory, then the stream."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\x00")
    count = len(stream) // 512
    chain = [2 + i + 1 for i in range(count - 1)] + [2 if fat_loop else _END]
    fat = struct.pack(f"<{2 + count}I", _FAT_SECTOR, _END, *chain).ljust(512, b"\xff")
    header = (
        XLS_MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *([_FREE_SECTOR] * 108))
    )

    def entry(entry_name: str, kind: int, start: int, size: int) -> bytes:
        encoded = (entry_name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", _FREE_SECTOR, _FREE_SECTOR, 1 if kind == 5 else _FREE_SECTOR)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = (entry("Root Entry", 5, _END, 0) + entry(name, 2, 2, len(stream))).ljust(512, b"\x00")
    return header + fat + directory + stream


def xls_file(cells: list[tuple[int, int]], runs: list[tuple[int, int, int]] = ()) -> bytes:  # type: ignore[assignment]
    return cfb(biff_workbook(cells, runs))


@pytest.mark.parametrize(
    ("content", "far"),
    [
        pytest.param(lambda: xls_file([(0, 0), (65535, 255)]), "IV65536", id="last-cell-of-biff8"),
        pytest.param(lambda: xls_file([(0, 0)], runs=[(30_000, 0, 255)]), "IV30001", id="blank-run"),
        pytest.param(lambda: xls_file([(0, 0), (200, 65535)]), cell_ref(200, 65535), id="column-past-biff8"),
    ],
)
def test_a_far_xls_cell_is_refused_before_calamine_opens_it(content: Callable[[], bytes], far: str) -> None:
    with pytest.raises(FileRejected) as info:
        check_file(content(), "bao_cao.xls", Settings())

    assert (info.value.code, info.value.cell) == ("too_many_cells", far)
    assert f"ô {far} ở rất xa bảng số liệu" in info.value.message


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda: XLS_MAGIC + b"\x00" * 512, id="no-sectors"),
        pytest.param(lambda: cfb(biff_workbook([(1, 1)]), fat_loop=True), id="looping-chain"),
        pytest.param(lambda: cfb(biff_workbook([(1, 1)]), name="Other"), id="no-workbook-stream"),
        pytest.param(lambda: xls_file([(1, 1)])[:700], id="truncated"),
    ],
)
def test_a_broken_xls_is_refused_not_crashed(content: Callable[[], bytes]) -> None:
    assert code_of(content(), "bao_cao.xls") == "not_excel"


@pytest.mark.parametrize(
    "part",
    ["docProps/core.xml", "[Content_Types].xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels"],
)
def test_a_damaged_xml_part_is_refused_naming_it(part: str) -> None:
    """A lenient reader skips a damaged part; a strict one (Excel, openpyxl) cannot open the file at all."""
    content = zip_of({"xl/workbook.xml": b"<workbook/>", part: b"<a><b>&</a>"})
    with pytest.raises(FileRejected) as info:
        check_file(content, "bao_cao.xlsx", Settings())
    assert info.value.code == "not_excel"
    assert f"“{part}”" in info.value.message and "dòng 1" in info.value.message
