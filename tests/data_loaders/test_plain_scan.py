"""The C-speed scan of plain sheets finds exactly what the expat pass finds, or leaves the sheet to it.

Every file here is checked twice, with the plain scan and with the expat pass alone (check_file's reference
mode): the verdicts — the refusal's code, message, sheet and cell, or every sheet's extent, hidden values and
formulas without a value — must be equal. Cases that are plain must also really be read by the plain scan, so a
scan that gave up on everything could not pass.
"""

from __future__ import annotations

import io
import random
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.import_dossier_list import write_workbook
from dashboard.settings import Settings
from data_loaders.file_guard import FileRejected, check_file
from data_loaders.xlsx_basics import Limits, Totals
from data_loaders.xlsx_plain_scan import scan_plain_sheet
from tests.data_loaders.test_file_guard import SHEET_PART, clean_xlsx, raw_xlsx, rewrite_part
from tests.fuzz.mutants import mutants

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_data").glob("*.xlsx"))


def verdict(content: bytes, settings: Settings, *, plain: bool) -> tuple[object, ...]:
    """What the file check decides, in full."""
    try:
        check = check_file(content, "bao_cao.xlsx", settings, plain_scan=plain)
    except FileRejected as exc:
        return ("refused", exc.code, exc.message, exc.sheet, exc.cell)
    except Exception as exc:  # a crash must at least be the same crash
        return ("raised", type(exc).__name__, str(exc))
    return ("read", check.fmt, check.formulas_without_value, check.sheets)


def same_verdict(content: bytes, settings: Settings | None = None) -> tuple[object, ...]:
    settings = settings or Settings()
    plain = verdict(content, settings, plain=True)
    assert plain == verdict(content, settings, plain=False)
    return plain


def read_plainly(content: bytes, settings: Settings | None = None) -> bool:
    """Whether the plain scan reads every worksheet part of the file, in name order with the workbook's totals.

    Shared strings count 5 characters each (only the shared-string tests have any).
    """
    settings = settings or Settings()
    limits = Limits(settings.max_cells, settings.max_cell_chars, settings.max_text_chars)
    shared = {str(i): 5 for i in range(1000)}
    totals = Totals()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        return all(
            scan_plain_sheet([archive.read(p)], "x", p, shared, limits, totals) is not None for p in parts
        )


def with_sheet_data(content: bytes, sheet_data: bytes) -> bytes:
    """The workbook with its first sheet's rows replaced."""

    def change(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
        return xml[:start] + sheet_data + xml[end:]

    return rewrite_part(content, SHEET_PART, change)


def plain_sheet(cells: bytes, *, row: int = 12) -> bytes:
    """An openpyxl workbook (a title, a few cells, as Excel-like writers save them) with one more row of cells."""
    base = clean_xlsx()
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        xml = archive.read(SHEET_PART)
    start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
    rows = xml[start:end] + f'<row r="{row}">'.encode() + cells + b"</row>"
    return with_sheet_data(base, rows)


# ---------------------------------------------------------------------------------------------------------
# Files as writers save them: read by the plain scan, with the same result
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_workbooks_are_plain_and_read_alike(path: Path) -> None:
    content = path.read_bytes()

    assert read_plainly(content)
    assert same_verdict(content)[0] == "read"


def test_the_benchmark_list_is_plain_and_read_alike(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    write_workbook(path, 3000)
    content = path.read_bytes()

    assert read_plainly(content)
    read = same_verdict(content)
    assert read[0] == "read"
    assert read[3]["Danh sách hồ sơ"].rows == 3003  # type: ignore[index]


PLAIN_CELLS = {
    "number-with-formula": b'<c r="C40" s="1"><f>SUM(A1:B1)</f><v>12</v></c>',
    "shared-formula": b'<c r="C40"><f t="shared" ref="C40:D40" si="0"/><v>1.5E3</v></c>',
    "explicit-number-type": b'<c r="C40" t="n"><v>-0.25</v></c>',
    "text-with-entities": b'<c r="C40" t="inlineStr"><is><t>Ph\xc3\xb2ng T&amp;C &lt;1&gt; &quot;x&apos;</t></is></c>',
    "preserved-spaces": b'<c r="C40" t="inlineStr"><is><t xml:space="preserve">  H\xe1\xbb\x99 t\xe1\xbb\x8bch </t></is></c>',
    "astral-character": b'<c r="C40" t="inlineStr"><is><t>\xf0\x9d\x94\x98</t></is></c>',
    "formula-text": b'<c r="C40" t="str"><f>A1&amp;"x"</f><v>x&lt;y</v></c>',
    "boolean": b'<c r="C40" t="b"><v>1</v></c>',
    "iso-date": b'<c r="C40" t="d"><v>2023-05-01T00:00:00</v></c>',
    "error-without-value": b'<c r="C40" t="e"/>',
    "empty-styled": b'<c r="C40" s="1"/><c r="D40" t="s"/>',
    "far-but-within-limits": b'<c r="AB40"><v>1</v></c>',
    "line-feed-in-text": b'<c r="C40" t="inlineStr"><is><t>a\nb</t></is></c>',
    "empty-inline-text": b'<c r="C40" t="inlineStr"><is><t></t></is></c>',
}


@pytest.mark.parametrize("cells", PLAIN_CELLS.values(), ids=PLAIN_CELLS.keys())
def test_plain_cells_are_read_by_the_plain_scan_alike(cells: bytes) -> None:
    content = plain_sheet(cells, row=40)

    assert read_plainly(content)
    assert same_verdict(content)[0] == "read"


def test_shared_strings_are_counted_per_use() -> None:
    cells = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(1, 11))
    content = raw_xlsx(cells.decode(), shared=["x" * 50])

    assert read_plainly(content)
    assert same_verdict(content, Settings(max_text_chars=500))[0] == "read"
    assert same_verdict(content, Settings(max_text_chars=499))[1] == "too_much_text"


# ---------------------------------------------------------------------------------------------------------
# Anything else is left to the expat pass, which decides as before
# ---------------------------------------------------------------------------------------------------------

NOT_PLAIN_CELLS = {
    "empty-number": b'<c r="C40"><v></v></c>',
    "nan": b'<c r="C40"><v>NaN</v></c>',
    "spaces-around-a-number": b'<c r="C40"><v> 7 </v></c>',
    "error-value": b'<c r="C40" t="e"><v>#DIV/0!</v></c>',
    "formula-without-value": b'<c r="C40"><f>SUM(A1:B1)</f></c>',
    "formula-and-empty-value": b'<c r="C40"><f>1+1</f><v></v></c>',
    "shared-index-out-of-range": b'<c r="C40" t="s"><v>5000</v></c>',
    "empty-boolean": b'<c r="C40" t="b"><v></v></c>',
    "value-in-inline-cell": b'<c r="C40" t="inlineStr"><v>12</v></c>',
    "rich-inline-text": b'<c r="C40" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c>',
    "lower-case-reference": b'<c r="c40"><v>1</v></c>',
    "no-reference": b"<c><v>1</v></c>",
    "reference-on-another-row": b'<c r="C41"><v>1</v></c>',
    "zero-padded-reference": b'<c r="C040"><v>1</v></c>',
    "reference-outside-excel": b'<c r="XFE40"><v>1</v></c>',
    "bad-reference-on-an-empty-cell": b'<c r="AAAA40" s="1"/>',
    "attributes-in-another-order": b'<c t="inlineStr" r="C40"><is><t>x</t></is></c>',
    "repeated-attribute": b'<c r="C40" s="1" s="2"><v>1</v></c>',
    "single-quotes": b"<c r='C40'><v>1</v></c>",
    "character-reference": b'<c r="C40" t="inlineStr"><is><t>a&#13;b</t></is></c>',
    "carriage-return": b'<c r="C40" t="inlineStr"><is><t>a\r\nb</t></is></c>',
    "control-character": b'<c r="C40" t="inlineStr"><is><t>a\x01b</t></is></c>',
    "invalid-utf8": b'<c r="C40" t="inlineStr"><is><t>a\xe1\xbab</t></is></c>',
    "utf8-split-across-cells": b'<c r="C40" t="inlineStr"><is><t>a\xe1\xba</t></is></c>'
    b'<c r="D40" t="inlineStr"><is><t>\xa1b</t></is></c>',
    "not-a-character": b'<c r="C40" t="inlineStr"><is><t>\xef\xbf\xbe</t></is></c>',
    "cdata-end-in-text": b'<c r="C40" t="inlineStr"><is><t>a]]>b</t></is></c>',
    "cdata": b'<c r="C40" t="inlineStr"><is><t><![CDATA[x]]></t></is></c>',
    "comment-between-cells": b'<c r="C40"><v>1</v></c><!-- <c r="XFD1048576"><v>1</v></c> -->',
    "undefined-entity": b'<c r="C40" t="inlineStr"><is><t>&nbsp;</t></is></c>',
    "prefixed-cell": b'<x:c xmlns:x="urn:x" r="C40"><x:v>1</x:v></x:c>',
    "cell-in-a-cell": b'<c r="C40"><v>1</v><c r="XFD40"><v>1</v></c></c>',
    "unclosed-cell": b'<c r="C40"><v>1</v>',
    "text-too-long": b'<c r="C40" t="inlineStr"><is><t>' + b"x" * 40_000 + b"</t></is></c>",
}


@pytest.mark.parametrize("cells", NOT_PLAIN_CELLS.values(), ids=NOT_PLAIN_CELLS.keys())
def test_unusual_cells_are_left_to_the_expat_pass(cells: bytes) -> None:
    content = plain_sheet(cells, row=40)

    assert not read_plainly(content)
    same_verdict(content)


NOT_PLAIN_SHEETS = {
    "row-without-reference": lambda xml: xml.replace(b'<row r="1">', b"<row>", 1),
    "row-reference-zero-padded": lambda xml: xml.replace(b'<row r="1">', b'<row r="01">', 1),
    "indented-with-crlf": lambda xml: xml.replace(b"</row>", b"</row>\r\n  "),
    "comment-before-the-rows": lambda xml: xml.replace(b"<sheetData>", b"<!-- x --><sheetData>"),
    "cell-after-the-rows": lambda xml: xml.replace(b"</sheetData>", b'</sheetData><c r="XFD1"><v>1</v></c>'),
    "latin-1-declared": lambda xml: b'<?xml version="1.0" encoding="ISO-8859-1"?>' + xml,
    "second-sheet-data": lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><sheetData><row r="9"><c r="Z9"><v>1</v></c></row></sheetData>'
    ),
    "sheet-data-never-ends": lambda xml: xml.replace(b"</sheetData>", b""),
    "utf-16": lambda xml: (b'<?xml version="1.0" encoding="UTF-16"?>' + xml).decode().encode("utf-16"),
}


@pytest.mark.parametrize("change", NOT_PLAIN_SHEETS.values(), ids=NOT_PLAIN_SHEETS.keys())
def test_unusual_sheets_are_left_to_the_expat_pass(change: object) -> None:
    content = rewrite_part(plain_sheet(b'<c r="C40"><v>1</v></c>', row=40), SHEET_PART, change)  # type: ignore[arg-type]

    assert not read_plainly(content)
    same_verdict(content)


PLAIN_SHEETS = {
    "indented-with-line-feeds": lambda xml: xml.replace(b"</row>", b"</row>\n  ").replace(
        b"<c ", b"\n    <c "
    ),
    "declaration": lambda xml: b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml,
    "declaration-in-single-quotes": lambda xml: b"<?xml version='1.0' encoding='utf-8'?>" + xml,
    "byte-order-mark": lambda xml: b"\xef\xbb\xbf" + xml,
    "x14-validation-formula-after-the-rows": lambda xml: xml.replace(
        b"</worksheet>",
        b'<extLst><ext xmlns:xm="urn:xm"><xm:f>Lists!$A$1:$A$3</xm:f></ext></extLst></worksheet>',
    ),
    "empty-sheet-data": lambda xml: (
        xml[: xml.index(b"<sheetData>")] + b"<sheetData/>" + xml[xml.index(b"</sheetData>") + 12 :]
    ),
}


@pytest.mark.parametrize("change", PLAIN_SHEETS.values(), ids=PLAIN_SHEETS.keys())
def test_plain_sheets_written_differently_are_read_alike(change: object) -> None:
    content = rewrite_part(plain_sheet(b'<c r="C40"><v>1</v></c>', row=40), SHEET_PART, change)  # type: ignore[arg-type]

    assert read_plainly(content)
    assert same_verdict(content)[0] == "read"


@pytest.mark.parametrize(
    ("settings", "code"),
    [
        pytest.param(Settings(max_cells=200), "too_many_cells", id="box"),
        pytest.param(Settings(max_cell_chars=10), "text_too_long", id="cell-text"),
        pytest.param(Settings(max_text_chars=40), "too_much_text", id="workbook-text"),
    ],
)
def test_limits_are_left_to_the_expat_pass_which_names_the_cell(settings: Settings, code: str) -> None:
    content = plain_sheet(
        b'<c r="C40" t="inlineStr"><is><t>' + "Hộ tịch và chứng thực".encode() + b"</t></is></c>"
        b'<c r="K40"><v>1</v></c>',
        row=40,
    )

    assert same_verdict(content, settings)[1] == code
    assert same_verdict(content)[0] == "read"


# ---------------------------------------------------------------------------------------------------------
# Random damage: to the plain form itself, and the fuzz run's mutants of every sample kind
# ---------------------------------------------------------------------------------------------------------

_TOKENS = (
    b"<",
    b">",
    b"/",
    b'"',
    b"&",
    b"&amp;",
    b"&#0;",
    b"]]>",
    b"\r",
    b"\x00",
    b"\xe1",
    b"\xef\xbf\xbf",
    b" ",
    b"\n",
    b"<!--x-->",
    b"<v>",
    b"</v>",
    b"<c>",
    b"</c>",
    b"<row>",
    b"</row>",
    b"<f>1</f>",
    b' t="e"',
    b' t="s"',
    b' s="1"',
    b' r="A1"',
    b"XFD",
    b"1048576",
    b"0",
    b"NaN",
    b"x" * 50,
)


def plain_mutants(seed: int, count: int) -> list[bytes]:
    """The sheet part of a small plain list with random tokens inserted, spans dropped or bytes changed."""
    with tempfile.TemporaryDirectory() as tmp:
        write_workbook(Path(tmp) / "ds.xlsx", 40)
        path_content = (Path(tmp) / "ds.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(path_content)) as archive:
        xml = archive.read(SHEET_PART)
    start, end = xml.index(b"<sheetData>"), xml.index(b"</sheetData>") + 12
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = bytearray(xml)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(start, end)
            op = rng.choice(("insert", "drop", "byte"))
            if op == "insert":
                data[at:at] = rng.choice(_TOKENS)
            elif op == "drop":
                del data[at : at + rng.randint(1, 40)]
            else:
                data[at] = rng.randrange(256)
        out.append(rewrite_part(path_content, SHEET_PART, replaced_by(bytes(data))))
    return out


def replaced_by(data: bytes) -> Callable[[bytes], bytes]:
    return lambda _: data


def test_damaged_plain_sheets_get_the_same_verdict() -> None:
    outcomes = {"read": 0, "refused": 0, "raised": 0}
    for content in plain_mutants(seed=20240601, count=400):
        outcomes[str(same_verdict(content, Settings(max_cells=2000))[0])] += 1

    assert outcomes["read"] > 20 and outcomes["refused"] > 20  # the damage reached both outcomes


def test_fuzz_mutants_get_the_same_verdict() -> None:
    outcomes = {"read": 0, "refused": 0, "raised": 0}
    for mutant in mutants(seed=20231201, count=150):
        outcomes[str(same_verdict(mutant.content)[0])] += 1

    assert outcomes["read"] > 20 and outcomes["refused"] > 20


def two_sheets() -> bytes:
    """Two plain sheets, so the workbook's running totals carry from one scan to the next."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    first.title = "Một"
    first.append(["Mã hồ sơ", "Tên thủ tục", "Số"])
    for i in range(30):
        first.append([f"H55-{i:04d}", "Đăng ký khai sinh & kết hôn <mẫu>", i])
    second = book.create_sheet("Hai")
    second["F9"] = "Chứng thực 𝔘"
    second["B3"] = 2.5
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def limited(field: str, value: int) -> Settings:
    return Settings().model_copy(update={field: value})


def lowest_limit(content: bytes, field: str) -> int:
    """The smallest value of a limit at which the expat pass still reads the file."""
    low, high = 0, 10_000_000
    while low < high:
        middle = (low + high) // 2
        read = verdict(content, limited(field, middle), plain=False)[0] == "read"
        low, high = (low, middle) if read else (middle + 1, high)
    return low


@pytest.mark.parametrize("field", ["max_text_chars", "max_cells", "max_cell_chars"])
@pytest.mark.parametrize(
    "build",
    [
        pytest.param(two_sheets, id="two-sheets"),
        pytest.param(lambda: plain_sheet(PLAIN_CELLS["text-with-entities"], row=40), id="entities"),
        pytest.param(lambda: plain_sheet(PLAIN_CELLS["astral-character"], row=40), id="astral"),
    ],
)
def test_limits_fall_at_the_same_count(build: object, field: str) -> None:
    content = build()  # type: ignore[operator]
    assert read_plainly(content)
    limit = lowest_limit(content, field)

    assert same_verdict(content, limited(field, limit))[0] == "read"
    assert read_plainly(content, limited(field, limit))  # counted as the expat pass counts, not more
    assert same_verdict(content, limited(field, limit - 1))[0] == "refused"
