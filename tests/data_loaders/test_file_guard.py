"""The pre-scan of uploads: what is refused (and why), what passes, and which formula cells lack a saved value."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from dashboard.settings import Settings
from data_loaders.file_guard import XLS_MAGIC, FileCheck, FileRejected, check_file

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
    assert check_file(content, "x.xlsx", Settings(max_compression_ratio=1e9)).fmt == "xlsx"


def test_unzipped_size_over_the_limit_is_a_zip_bomb() -> None:
    """Parts that compress normally but add up to more than the allowed unzipped size."""
    noise = bytes(range(256)) * 4096  # 1 MB; it compresses well, so the ratio check is switched off below
    content = zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": noise * 3})
    settings = Settings(max_uncompressed_mb=2, max_compression_ratio=1e9)

    assert code_of(content, settings=settings) == "zip_bomb"
    assert (
        check_file(content, "x.xlsx", Settings(max_uncompressed_mb=4, max_compression_ratio=1e9)).fmt
        == "xlsx"
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
    check = check_file(XLS_MAGIC + b"\x00" * 512, "bao_cao.xls", Settings())

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
