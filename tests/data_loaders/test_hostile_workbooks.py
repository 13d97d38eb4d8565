"""Hostile workbooks through the real importer: each is refused with its reason and cell, and nothing is stored."""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, text

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.settings import Settings
from tests.conftest import PHO_AN_TOTAL, SECTOR_ROWS, official_report
from tests.data_loaders.test_file_guard import xls_file

ROOT = Path(__file__).resolve().parents[2]
SHEET_PART = "xl/worksheets/sheet1.xml"
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def rewrite_parts(content: bytes, change: Callable[[str, bytes], tuple[str, bytes]]) -> bytes:
    """The same zip with every part passed through change(name, data) -> (new name, new data)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(*change(info.filename, src.read(info.filename)))
    return out.getvalue()


def with_cell_xml(content: bytes, ref: str, cell_xml: bytes) -> bytes:
    """The report with one cell's whole <c> element replaced by raw XML (written as a hostile tool would)."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name != SHEET_PART:
            return name, data
        replaced, count = pattern.subn(lambda _: cell_xml, data)
        assert count == 1, ref
        return name, replaced

    return rewrite_parts(content, change)


def stored_rows(engine: Engine) -> int:
    """Rows in the tables an import writes."""
    with engine.connect() as conn:
        return sum(
            conn.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
            for table in ("batch", "storedfile", "dossierfigure", "dossier")
        )


def refused(
    content: bytes, engine: Engine, code: str, cell: str, settings: Settings | None = None
) -> ImportResult:
    """Import the file and check: an error with this code naming this cell, no traceback, nothing stored."""
    before = stored_rows(engine)
    result = import_file(content, "bao_cao.xlsx", engine=engine, user="test", settings=settings)
    matching = [p for p in result.problems.errors if p.code == code]
    assert matching, [p.line("bao_cao.xlsx") for p in result.problems.items]
    assert any(p.cell == cell or cell in p.message for p in matching), [p.line("x") for p in matching]
    assert not result.stored
    assert stored_rows(engine) == before
    return result


def report() -> bytes:
    """The clean official report: Phổ An, two sectors (rows 12–13) and the total (row 14)."""
    return official_report()


def inline(ref: str, value: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()


# ---------------------------------------------------------------------------------------------------------
# Row 1: one cell at XFD1048576 — the process used to abort inside calamine before the cell limit was checked.
# ---------------------------------------------------------------------------------------------------------

_CHILD = """
import sys
from pathlib import Path
from dashboard.store.db import make_engine
from dashboard.importing.importer import import_file
engine = make_engine(sys.argv[1])
result = import_file(Path(sys.argv[2]).read_bytes(), "bao_cao.xlsx", engine=engine, user="test")
for problem in result.problems.items:
    print(problem.line("bao_cao.xlsx"))
print("STORED" if result.stored else "NOT STORED")
"""


def _limit_memory() -> None:
    """A regression that allocates the whole sheet fails fast in the child instead of filling the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))


@pytest.mark.parametrize(
    "far_cell",
    [
        pytest.param("XFD1048576", id="last-cell-of-excel"),
        pytest.param("XFD400", id="last-column"),
        pytest.param("A1048576", id="last-row"),
    ],
)
def test_stray_far_cell_is_refused_before_calamine_allocates(
    far_cell: str, seeded: Engine, tmp_path: Path
) -> None:
    book = openpyxl.load_workbook(io.BytesIO(report()))
    book.active[far_cell] = 1
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "bao_cao.xlsx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 20_000  # a small file: the danger is the extent, not the size
    before = stored_rows(seeded)

    child = subprocess.run(
        [sys.executable, "-c", _CHILD, seeded.url.render_as_string(hide_password=False), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_memory,
    )

    assert child.returncode == 0, child.stderr[-2000:]
    assert "Traceback" not in child.stdout + child.stderr
    refusal = [line for line in child.stdout.splitlines() if "[too_many_cells]" in line]
    assert refusal, child.stdout
    assert refusal[0].startswith(f"ERROR bao_cao.xlsx › Biểu II.06a › {far_cell} [too_many_cells]")
    assert f"ô {far_cell} ở rất xa bảng số liệu" in refusal[0]
    assert "hãy xóa ô đó" in refusal[0]
    assert child.stdout.splitlines()[-1] == "NOT STORED"
    assert stored_rows(seeded) == before


def test_style_only_far_cell_is_not_a_cell(seeded: Engine) -> None:
    """A formatted but empty cell far away holds nothing: calamine skips it, and so does the bound."""
    content = with_cell_xml(report(), "N12", b'<c r="N12" t="n"><v>5</v></c><c r="XFD1048576" s="0"/>')

    result = import_file(content, "bao_cao.xlsx", engine=seeded, user="test")

    assert not result.problems.errors, [p.line("x") for p in result.problems.items]
    assert result.stored


# ---------------------------------------------------------------------------------------------------------
# Rows 4–6: counts no office can have, as numbers and as text.
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell_xml", "code"),
    [
        pytest.param(b'<c r="E12" t="n"><v>1e19</v></c>', "number_too_large", id="1e19"),
        pytest.param(b'<c r="E12" t="n"><v>1e308</v></c>', "number_too_large", id="1e308"),
        pytest.param(b'<c r="E12"><v>5e15</v></c>', "number_too_large", id="over-the-count-bound"),
        pytest.param(inline("E12", "9" * 4000), "number_too_large", id="4000-nines-as-text"),
        pytest.param(inline("E12", "9" * 5000), "number_too_large", id="5000-digits-as-text"),
        pytest.param(
            inline("E12", "1." + "000." * 1200 + "000"), "number_too_large", id="grouped-4800-digits"
        ),
        pytest.param(b'<c r="E12"><v>' + b"9" * 5000 + b"</v></c>", "not_a_number", id="5000-digits-saved"),
        pytest.param(b'<c r="E12"><v>1e400</v></c>', "not_a_number", id="overflows-to-inf"),
    ],
)
def test_absurd_count_is_an_error_naming_its_cell(cell_xml: bytes, code: str, seeded: Engine) -> None:
    refused(with_cell_xml(report(), "E12", cell_xml), seeded, code, "E12")


def test_a_large_but_plausible_count_is_stored(seeded: Engine) -> None:
    """The bound is far above any real figure: a big commune's count still goes in as it is."""
    rows = [(stt, label, list(values)) for stt, label, values in SECTOR_ROWS]
    total = list(PHO_AN_TOTAL)
    for index in (0, 3, 4, 5):  # received, new in person, resolved, resolved early: the identities still hold
        rows[0][2][index] += 9_000_000
        total[index] += 9_000_000

    result = import_file(official_report(rows, total), "bao_cao.xlsx", engine=seeded, user="test")

    assert result.stored, [p.line("x") for p in result.problems.items]


# ---------------------------------------------------------------------------------------------------------
# Row 7: a formula with no saved value, however it is written.
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell_xml",
    [
        pytest.param(b'<c t="n" r="E12"><f>C12-D12</f></c>', id="type-before-reference-no-v"),
        pytest.param(b"<c r='E12' t='n'><f>C12-D12</f><v></v></c>", id="single-quotes-empty-v"),
        pytest.param(b'<c r="E12"  s="0" ><f >C12-D12</f ><v/></c>', id="spaces-and-self-closed-v"),
        pytest.param(
            b'<x:c xmlns:x="' + MAIN_NS + b'" r="E12"><x:f>C12-D12</x:f></x:c>', id="namespace-prefix"
        ),
        pytest.param(b'<c r="E12"><v>409</v><f>C12-D12</f></c>', id="formula-after-its-value"),
        pytest.param(b'<c r="&#69;12"><f>C12-D12</f></c>', id="reference-as-character-entity"),
    ],
)
def test_formula_without_saved_value_is_named(cell_xml: bytes, seeded: Engine) -> None:
    content = with_cell_xml(report(), "E12", cell_xml)
    result = import_file(content, "bao_cao.xlsx", engine=seeded, user="test")
    codes = {p.code for p in result.problems.errors}
    # calamine refuses a character entity in a reference: either way the file is refused, never read blank.
    if "formula_without_value" not in codes:
        assert codes == {"not_excel"}, codes
        assert not result.stored
        return
    refused(content, seeded, "formula_without_value", "E12")


def test_formula_in_a_sheet_part_not_named_xml_is_found(seeded: Engine) -> None:
    """The sheet parts come from workbook.xml and its relationships, whatever their names."""

    def move_sheet(name: str, data: bytes) -> tuple[str, bytes]:
        if name == SHEET_PART:
            return "xl/worksheets/bieu_ii06a.bin", data
        if name == "xl/_rels/workbook.xml.rels":
            return name, data.replace(b"worksheets/sheet1.xml", b"worksheets/bieu_ii06a.bin")
        return name, data

    content = with_cell_xml(report(), "E12", b'<c r="E12" t="n"><f>C12-D12</f></c>')
    moved = rewrite_parts(content, move_sheet)
    with zipfile.ZipFile(io.BytesIO(moved)) as archive:
        assert SHEET_PART not in archive.namelist()

    refused(moved, seeded, "formula_without_value", "E12")


def test_formula_with_saved_value_is_read(seeded: Engine) -> None:
    content = with_cell_xml(report(), "E12", b"<c t='n' r='E12'><f>C12-D12-480</f><v>500</v></c>")

    result = import_file(content, "bao_cao.xlsx", engine=seeded, user="test")

    assert result.stored, [p.line("x") for p in result.problems.items]


# ---------------------------------------------------------------------------------------------------------
# Row 8: saved values calamine turns into a blank.
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell_xml", "code", "shown"),
    [
        pytest.param(b'<c r="E12"><v>NaN</v></c>', "bad_saved_value", "NaN", id="nan"),
        pytest.param(b'<c r="E12" t="n"><v>-nan</v></c>', "bad_saved_value", "-nan", id="minus-nan"),
        pytest.param(b'<c r="E12" t="n"><v></v></c>', "bad_saved_value", "<v></v>", id="empty-v"),
        pytest.param(b'<c r="E12"><v> </v></c>', "bad_saved_value", "<v></v>", id="blank-v"),
        pytest.param(b'<c r="E12" t="s"><v></v></c>', "bad_saved_value", "<v></v>", id="empty-shared-index"),
        pytest.param(b'<c r="E12" t="e"><v>#DIV/0!</v></c>', "formula_error", "#DIV/0!", id="excel-error"),
    ],
)
def test_hidden_blank_is_an_error_naming_its_cell(
    cell_xml: bytes, code: str, shown: str, seeded: Engine
) -> None:
    result = refused(with_cell_xml(report(), "E12", cell_xml), seeded, code, "E12")
    problem = next(p for p in result.problems.errors if p.code == code)
    assert problem.cell == "E12"
    assert shown in problem.message


def test_an_empty_cell_stays_an_empty_cell(seeded: Engine) -> None:
    """No <v> at all is a blank cell (null), not a broken value: the count is simply missing."""
    content = with_cell_xml(report(), "N12", b'<c r="N12" s="0"/>')

    result = import_file(content, "bao_cao.xlsx", engine=seeded, user="test")

    assert not [p for p in result.problems.errors if p.code in ("bad_saved_value", "formula_error")]


# ---------------------------------------------------------------------------------------------------------
# Row 13: a 50 MB string in a title or a sector name.
# ---------------------------------------------------------------------------------------------------------

_BIG = 50_000_000


def _big_text(content: bytes, old: str) -> bytes:
    """Make one text (the title or a sector name) 50 MB long."""

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name == SHEET_PART:
            filler = ("Hộ tịch " * (_BIG // 8 + 1))[:_BIG]
            return name, data.replace(f"<t>{old}</t>".encode(), f"<t>{filler}</t>".encode(), 1)
        return name, data

    return rewrite_parts(content, change)


@pytest.mark.parametrize(
    ("old", "cell"),
    [
        pytest.param("TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "A4", id="title"),
        pytest.param("Chứng thực", "B13", id="sector-name"),
    ],
)
def test_50_mb_string_is_refused_quickly(old: str, cell: str, seeded: Engine) -> None:
    content = _big_text(report(), old)
    settings = Settings(max_compression_ratio=1e9)  # repeated words compress very well: look past that

    start = time.monotonic()
    result = refused(content, seeded, "text_too_long", cell, settings)
    seconds = time.monotonic() - start

    problem = next(p for p in result.problems.errors if p.code == "text_too_long")
    assert problem.cell == cell and problem.sheet == "Biểu II.06a"
    assert "32.767" in problem.message
    assert seconds < 20  # it used to be stored after 20–33 s at over 1 GB


def test_long_inline_text_is_refused_naming_its_cell(seeded: Engine) -> None:
    content = with_cell_xml(report(), "B12", inline("B12", "Hộ tịch " * 5000))

    refused(content, seeded, "text_too_long", "B12")


def test_total_text_of_a_workbook_is_bounded(seeded: Engine) -> None:
    refused(report(), seeded, "too_much_text", "", Settings(max_text_chars=300))


def test_far_cell_in_a_legacy_xls_is_refused_and_nothing_stored(seeded: Engine) -> None:
    """calamine fills an .xls sheet as it opens the file (a 5 KB file became 1 GB): the bound comes first."""
    refused(xls_file([(0, 0), (65535, 255)]), seeded, "too_many_cells", "IV65536")
