"""Saved column layouts: told once, used by themselves for the next file of the same header, within their scope."""
# The months are of 2025, before 1/7/2025, when xã Phổ An (the files' unit) still existed.

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from base.text import normalize
from dashboard import settings
from dashboard.access.auth import Account, add_user
from dashboard.cli import commands as cli
from dashboard.importing.importer import import_file
from dashboard.importing.layouts import delete_layout, layout_rows, load_layouts, save_layout
from dashboard.settings import get_settings
from dashboard.store import db
from dashboard.store.models import SavedLayout, Task
from data_loaders.saved_layout import Layout, find_layout, title_words_above
from data_loaders.tasks_sheet import TITLE as TASKS_TITLE
from data_loaders.workbook import open_workbook

HEADER = ("STT", "Nội dung công việc", "Đơn vị làm", "Thời hạn", "Tình trạng")
ADMIN = Account("quantri", "", "admin", frozenset())


def uploader(*units: str) -> Account:
    return Account("an", "", "uploader", frozenset(units))


def save(engine: Engine, layout: Layout, account: Account) -> SavedLayout:
    """Save as the account would on the upload page (its user exists: the layout's scope is its units now)."""
    with Session(engine, expire_on_commit=False) as session:
        add_user(
            session=session,
            username=account.username,
            password=None,
            role=account.role,
            unit_codes=sorted(account.unit_codes),
        )
        row = save_layout(layout, account, session=session)
        session.commit()
        return row


def tasks_book(title: str, *, lead: str = "UBND xã Phổ An", header: Sequence[str] = HEADER) -> bytes:
    """A commune's task list whose lead-agency column says “Đơn vị làm”, a header no kind's synonyms know."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Nhiệm vụ"
    ws.append([lead.upper()])
    ws.append([title])
    ws.append(list(header))
    ws.append([1, "Rà soát thủ tục hành chính", lead, "31/03/2025", "Đang thực hiện"])
    ws.append([2, "Số hóa hồ sơ hộ tịch", lead, "30/06/2025", "Đã hoàn thành"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MARCH = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 3 NĂM 2025")
APRIL = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 4 NĂM 2025")


def layout_for(content: bytes, engine: Engine, *, name: str = "Nhiệm vụ xã Phổ An") -> Layout:
    """What the upload page builds from the uploader's one choice: “Đơn vị làm” is the lead agency."""
    found = import_file(content, "t.xlsx", engine=engine, user="an", dry_run=True).unread
    assert [f.sheet for f in found] == ["Nhiệm vụ"]
    head = found[0]
    assert [t for _, t in head.cells] == list(HEADER)
    return Layout(name, "tasks", head.header, head.title_words, {"lead": 2, "title": 1, "deadline": 3})


def test_unrecognised_sheet_names_the_closest_kind_and_its_missing_columns(seeded: Engine):
    result = import_file(MARCH, "t.xlsx", engine=seeded, user="an", dry_run=True)
    assert [p.code for p in result.problems.errors] == ["no_table"]
    message = result.problems.errors[0].message
    assert "Gần nhất là Danh sách nhiệm vụ được giao" in message
    assert "còn thiếu cột: “Cơ quan chủ trì”" in message
    assert result.unread[0].row == 2 and result.unread[0].closest_kind is not None


def test_saved_layout_reads_next_months_file_by_itself_with_an_info_note(seeded: Engine):
    draft = layout_for(MARCH, seeded)
    save(seeded, draft, uploader("xa-pho-an"))
    result = import_file(APRIL, "t4.xlsx", engine=seeded, user="an")
    assert result.stored, [p.message for p in result.problems.items]
    note = next(n.message for n in result.notes if n.sheet == "Nhiệm vụ" and "mẫu cột" in n.message)
    assert note.startswith("Dùng mẫu cột đã lưu “Nhiệm vụ xã Phổ An” (lưu bởi an ngày ")
    with Session(seeded) as session:
        titles = sorted(t.title for t in session.exec(select(Task)).all())
    assert titles == ["Rà soát thủ tục hành chính", "Số hóa hồ sơ hộ tịch"]
    assert result.sheets[0].period is not None and result.sheets[0].period.start.month == 4


def test_a_draft_layout_previews_without_being_saved(seeded: Engine):
    draft = layout_for(MARCH, seeded)
    result = import_file(MARCH, "t.xlsx", engine=seeded, user="an", dry_run=True, draft=draft)
    assert not result.problems.has_errors(), [p.message for p in result.problems.items]
    assert result.sheets[0].records[0]["lead_text"] == "UBND xã Phổ An"
    assert any("chưa lưu" in n.message for n in result.notes)
    with Session(seeded) as session:
        assert session.exec(select(SavedLayout)).all() == []


@pytest.mark.parametrize(
    ("owner", "lead", "used"),
    [
        (uploader("xa-pho-an"), "UBND xã Phổ An", True),  # the owner's unit
        (uploader("xa-pho-an"), "UBND xã Phổ Châu", False),  # another commune's file: not the owner's layout
        (ADMIN, "UBND xã Phổ Châu", True),  # an admin's layout serves every unit
    ],
)
def test_an_uploaders_layout_serves_only_the_uploaders_units(
    seeded: Engine, owner: Account, lead: str, used: bool
):
    save(seeded, layout_for(MARCH, seeded), owner)
    other = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 4 NĂM 2025", lead=lead)
    result = import_file(other, "t4.xlsx", engine=seeded, user="quantri", dry_run=True)
    assert (result.sheets != []) is used
    assert any("Dùng mẫu cột đã lưu" in n.message for n in result.notes) is used


def test_layout_is_keyed_with_the_kinds_title_words(tmp_path):
    """Same columns, one titled revenue and one spending: the revenue layout never reads the spending sheet."""
    header = ("STT", "Khoản mục", "Giao đầu năm", "Cộng dồn", "Năm trước")

    def sheet(title: str):
        book = openpyxl.Workbook()
        ws = book.active
        assert ws is not None
        ws.append(["UBND XÃ PHỔ AN"])
        ws.append([title])
        ws.append(list(header))
        ws.append(["1", "Thuế", 10, 5, 4])
        out = io.BytesIO()
        book.save(out)
        return open_workbook(out.getvalue(), "b.xlsx", get_settings()).sheets[0]

    revenue = sheet("BÁO CÁO THU NGÂN SÁCH THÁNG 3/2025")
    spending = sheet("BÁO CÁO CHI NGÂN SÁCH THÁNG 3/2025")
    words = title_words_above(revenue, 2)
    assert words == ("thu ngan sach",)
    saved = Layout("Thu NS", "budget_revenue", tuple(normalize(t) for t in header), words, {"item": 1})
    assert find_layout(revenue, [saved]) == (saved, 2)
    assert find_layout(sheet("BÁO CÁO THU NGÂN SÁCH THÁNG 4/2025"), [saved]) == (saved, 2)
    assert find_layout(spending, [saved]) is None


def test_admin_lists_and_deletes_a_layout_and_the_question_comes_back(seeded: Engine):
    row = save(seeded, layout_for(MARCH, seeded), uploader("xa-pho-an"))
    with Session(seeded) as session:
        assert row.id is not None
        assert [(r.name, r.owner) for r in layout_rows(session=session)] == [("Nhiệm vụ xã Phổ An", "an")]
        assert delete_layout(row.id, "quantri", session=session)
        session.commit()
        assert load_layouts(session=session) == []
    result = import_file(APRIL, "t4.xlsx", engine=seeded, user="an", dry_run=True)
    assert [p.code for p in result.problems.errors] == ["no_table"] and result.unread


def test_a_recognised_sheet_lacking_a_required_column_is_asked_about_too(seeded: Engine):
    """“Hạn chót” names no deadline synonym: the task list is recognised, the deadline column is not."""
    header = ("STT", "Nội dung công việc", "Cơ quan chủ trì", "Hạn chót", "Tình trạng")
    content = tasks_book("DANH SÁCH NHIỆM VỤ THÁNG 3 NĂM 2025", header=header)
    result = import_file(content, "t.xlsx", engine=seeded, user="an", dry_run=True)
    assert "missing_column" in {p.code for p in result.problems.errors}
    assert [(f.row, f.closest_kind) for f in result.unread] == [(2, TASKS_TITLE)]
    found = result.unread[0]
    draft = Layout("Hạn chót", "tasks", found.header, found.title_words, {"deadline": 3})
    fixed = import_file(content, "t.xlsx", engine=seeded, user="an", dry_run=True, draft=draft)
    assert not fixed.problems.has_errors(), [p.message for p in fixed.problems.items]
    assert [r["deadline_text"] for r in fixed.sheets[0].records] == ["31/03/2025", "30/06/2025"]


def test_cli_reads_with_saved_layouts_lists_and_deletes_them(seeded: Engine, tmp_path, monkeypatch, capsys):
    row = save(seeded, layout_for(MARCH, seeded), uploader("xa-pho-an"))
    april = tmp_path / "nhiem_vu_t4.xlsx"
    april.write_bytes(APRIL)
    monkeypatch.setenv("IOC_DATABASE_URL", seeded.url.render_as_string(hide_password=False))
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()
    try:
        read = cli.main(["import", "--dry-run", str(april)]), capsys.readouterr().out
        listed = cli.main(["layouts"]), capsys.readouterr().out
        deleted = cli.main(["layouts", "--delete", str(row.id)]), capsys.readouterr().out
        again = cli.main(["import", "--dry-run", str(april)]), capsys.readouterr().out
    finally:
        settings.get_settings.cache_clear()
        db._engine_for.cache_clear()
    assert (
        read[0] == 0
        and "INFO nhiem_vu_t4.xlsx › Nhiệm vụ: Dùng mẫu cột đã lưu “Nhiệm vụ xã Phổ An”" in read[1]
    )
    assert listed[0] == 0 and listed[1].startswith(f"#{row.id}\tNhiệm vụ xã Phổ An\t")
    assert "stt | noi dung cong viec | don vi lam | thoi han | tinh trang" in listed[1]
    assert deleted == (0, f"Đã xóa mẫu cột #{row.id}.\n")
    assert again[0] == 1 and "no_table" in again[1]


BUDGET_HEADER = ("STT", "Khoản mục", "Giao đầu năm", "Cộng dồn", "Năm trước")


def budget_book(title: str) -> bytes:
    """A commune's budget sheet with no “ĐVT” line and headers no budget reader knows."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in (
        ["UBND XÃ PHỔ AN"],
        [title],
        list(BUDGET_HEADER),
        ["", "Tổng cộng", 300, 120, 100],
        ["1", "Thuế", 200, 80, 70],
        ["2", "Phí", 100, 40, 30],
    ):
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("money_unit", "factor"), [("triệu đồng", 1.0), ("tỷ đồng", 1000.0)])
def test_a_revenue_layout_reads_revenue_in_its_money_unit_and_never_a_spending_sheet(
    seeded: Engine, money_unit: str, factor: float
):
    revenue = budget_book("BÁO CÁO THU NGÂN SÁCH XÃ THÁNG 3 NĂM 2025")
    head = import_file(revenue, "thu.xlsx", engine=seeded, user="an", dry_run=True).unread[0]
    assert head.title_words == ("thu ngan sach",)
    mapping = {"item": 1, "estimate": 2, "ytd": 3, "same_period": 4}
    save(
        seeded, Layout("Thu xã", "budget_revenue", head.header, head.title_words, mapping, money_unit), ADMIN
    )

    april = import_file(
        budget_book("BÁO CÁO THU NGÂN SÁCH XÃ THÁNG 4 NĂM 2025"),
        "t4.xlsx",
        engine=seeded,
        user="an",
        dry_run=True,
    )
    assert not april.problems.has_errors(), [p.message for p in april.problems.items]
    (sheet,) = april.sheets
    assert (sheet.kind, sheet.period and sheet.period.label) == ("budget_revenue", "Tháng 4/2025")
    figures = [(r["item_name"], r["estimate_council"], r["ytd_amount"]) for r in sheet.records]
    assert figures == [
        ("Tổng cộng", 300 * factor, 120 * factor),
        ("Thuế", 200 * factor, 80 * factor),
        ("Phí", 100 * factor, 40 * factor),
    ]
    spending = import_file(
        budget_book("BÁO CÁO CHI NGÂN SÁCH XÃ THÁNG 4 NĂM 2025"),
        "c4.xlsx",
        engine=seeded,
        user="an",
        dry_run=True,
    )
    assert spending.sheets == [] and [p.code for p in spending.problems.errors] == ["no_table"]
    assert spending.unread[0].title_words == ("chi ngan sach",)
