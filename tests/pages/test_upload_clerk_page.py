"""AppTest: the clerk's view of a check — only Excel offered, the picker's texts in Vietnamese, a refused file says
why and shows nothing to store, no reason code shown raw, and the reader's notes on every sheet."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.importing.reason_titles import REASON_TITLES
from tests.conftest import PHO_AN_TOTAL, SECTOR_ROWS, official_report
from tests.dashboard.reason_codes import scan
from tests.pages.test_upload_page import (
    ADMIN,
    PHO_AN,
    app_db,  # noqa: F401 (a fixture)
    late_july,
    page,
    texts,
    unescape,
    upload,
)
from ui.picker import picker_css

CODE_WORDS = re.compile(r"\b(" + "|".join(sorted(scan().codes, key=len, reverse=True)) + r")\b")


def everything(at: AppTest) -> list[str]:
    """Every text the page shows: alerts, markdown, captions, expander labels, table headers and cells."""
    shown = [
        unescape(str(e.value))
        for kind in ("error", "warning", "info", "success", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    shown += [e.label for e in at.expander]
    for table in at.table:
        frame = table.value
        shown += [unescape(str(c)) for c in frame.columns]
        shown += [unescape(str(v)) for v in frame.to_numpy().ravel()]
    return shown


def with_other_sheets(report: bytes) -> bytes:
    """The report with an empty sheet and a sheet of notes the reader does not know after it."""
    book = openpyxl.load_workbook(io.BytesIO(report))
    book.create_sheet("Trống")
    notes = book.create_sheet("Ghi chú")
    notes["A1"] = "Người lập biểu: Nguyễn Văn An"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.usefixtures("app_db")
def test_the_picker_offers_only_excel_and_speaks_vietnamese():
    at = page(PHO_AN)
    picker = at.file_uploader[0]
    offered = list(picker.proto.type)
    assert [t for t in offered if t.startswith(".")] == [".xlsx", ".xls"]  # no .xlsm, .xlsb
    assert [t for t in offered if "/" in t] == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ]
    assert any(
        c.startswith("Kéo thả tệp vào khung trên hoặc bấm “Chọn tệp”. Mỗi tệp tối đa 25 MB")
        for c in texts(at, "caption")
    )
    styles = [e.proto.body for e in at.get("html")]
    assert picker_css(25) in styles
    assert 'content: "Chọn tệp"' in picker_css(25) and "tối đa 25 MB mỗi tệp · .xlsx, .xls" in picker_css(25)


@pytest.mark.usefixtures("app_db")
def test_a_refused_file_says_why_and_shows_nothing_to_store():
    at = upload(page(ADMIN), ("bao_cao.xlsx", b"this is no workbook at all"))
    assert not at.exception
    errors = texts(at, "error")
    assert any(
        e.startswith("1 lỗi: tệp này sẽ KHÔNG được lưu. Không phải tệp Excel hoặc tệp bị hỏng: ")
        for e in errors
    ), errors
    shown = everything(at)
    assert not any("Sửa đúng các ô" in t for t in shown)  # nothing to fix cell by cell
    assert not any(t in ("Sẽ lưu", "**Sẽ lưu**") or t.startswith("**Đọc được") for t in shown)
    assert len(at.table) == 1 and "Loại vấn đề" in at.table[0].value.columns  # only the problem itself
    assert at.button(key="store_0").disabled


@pytest.mark.usefixtures("app_db")
def test_a_sheet_without_its_period_is_refused_with_why_not_with_fix_the_cells():
    report = official_report(title_unit="UBND XÃ PHỔ AN", period_line=None)
    at = upload(page(ADMIN), ("khong_ky.xlsx", report))
    errors = texts(at, "error")
    assert any(
        e.startswith(
            "1 lỗi: tệp này sẽ KHÔNG được lưu. Không tìm thấy kỳ báo cáo: Không tìm thấy kỳ báo cáo ở"
        )
        for e in errors
    ), errors
    shown = everything(at)
    assert not any("Sửa đúng các ô" in t or t.startswith(("**Sẽ lưu", "**Đọc được")) for t in shown)


@pytest.mark.usefixtures("app_db")
def test_a_file_with_wrong_cells_says_which_and_that_nothing_is_stored_yet():
    rows = [(SECTOR_ROWS[0][0], SECTOR_ROWS[0][1], [-5, *SECTOR_ROWS[0][2][1:]]), SECTOR_ROWS[1]]
    at = upload(page(ADMIN), ("so_am.xlsx", official_report(rows, PHO_AN_TOTAL)))
    assert any("Sửa đúng các ô nêu trong bảng lỗi" in e for e in texts(at, "error"))
    shown = everything(at)
    assert "**Sẽ lưu**" not in shown
    assert "**Đọc được (chưa lưu: còn lỗi phải sửa)**" in shown
    assert "Số âm không hợp lệ" in set(at.table[-1].value["Loại vấn đề"].map(unescape))


@pytest.mark.usefixtures("app_db")
def test_no_reason_code_is_shown_raw():
    at = upload(page(ADMIN), ("canh_bao.xlsx", late_july()), ("hong.xlsx", b"PK\x03\x04 broken"))
    assert not at.exception
    shown = everything(at)
    assert any("Số liệu không khớp nhau" in t for t in shown)  # the warnings' title
    assert any("Không phải tệp Excel hoặc tệp bị hỏng" in t for t in shown)
    leaked = sorted({m for t in shown for m in CODE_WORDS.findall(t)})
    assert leaked == []
    assert "identity_mismatch" in REASON_TITLES  # the check above looked for real codes


@pytest.mark.usefixtures("app_db")
def test_the_notes_of_a_checked_file_are_shown():
    at = upload(page(ADMIN), ("ba_trang.xlsx", with_other_sheets(late_july())))
    assert not at.exception
    assert "**Sẽ lưu**" in everything(at)  # the heading the refusals above must not show
    [notes] = [e for e in at.expander if e.label.startswith("Ghi chú khi đọc tệp")]
    assert notes.label == "Ghi chú khi đọc tệp (3)"
    lines = [unescape(c.value) for c in notes.caption]
    assert lines[0].startswith("Trang “Biểu II.06a”: ") and "dòng" in lines[0]
    assert lines[1] == "Trang “Trống”: trang trống, bỏ qua."
    assert lines[2].startswith("Trang “Ghi chú”: bỏ qua: ")


@pytest.mark.usefixtures("app_db")
def test_a_macro_workbook_sent_past_the_picker_is_refused_by_the_importer_in_vietnamese():
    at = upload(page(ADMIN), ("bao_cao.xlsm", late_july()))
    assert not at.exception  # not Streamlit's English "Invalid file extension"
    errors = texts(at, "error")
    assert any(e.startswith("1 lỗi: tệp này sẽ KHÔNG được lưu. Tệp có macro: ") for e in errors), errors
