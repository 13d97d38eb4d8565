"""The overview's unit × area status matrix: a cell's text, a row's weight, and units that owed a report and
sent none shown as "chưa báo cáo" — never a blank, never 0 — and first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from base import periods
from base.units import UnitRef
from dashboard.views.overview_matrix import MATRIX_AREAS, Cell, MatrixRow, status_matrix
from tests.dashboard.month_reports import may_2023

PHO_AN = UnitRef(1, "xa-pho-an", "Phổ An", "UBND xã Phổ An", "commune", None, None, None)


def test_cell_text_word_and_figure_as_far_as_known():
    assert Cell("behind", "🔴 Chậm", "80,74%").text == "🔴 Chậm 80,74%"
    assert Cell("none", "—", "80,74%").text == "80,74%"  # no target to judge it
    assert Cell("not_reported", "chưa báo cáo", "—").text == "chưa báo cáo"


def test_row_weight_counts_behind_and_not_reported_thrice_and_close_once():
    looks = ["behind", "not_reported", "close", "met", "none", "close"]
    row = MatrixRow(
        PHO_AN, "xã Phổ An", "/", {a: Cell(look, "", "") for a, look in zip(MATRIX_AREAS, looks, strict=True)}
    )
    assert row.weight == 3 + 3 + 1 + 1


@pytest.fixture
def db(seeded: Engine):
    with Session(seeded, expire_on_commit=False) as s:
        may_2023(s)
        yield s


def test_a_unit_that_owed_and_sent_nothing_is_named_and_others_with_nothing_are_left_out(db: Session):
    rows = status_matrix(
        session=db, period=periods.month(2023, 5), today=date(2026, 12, 2), query={"ky": "m2023-05"}
    )
    # Phổ An and Phổ Châu sent reports without figures: nothing to show; Phổ Cường owed May's and sent none.
    assert [(r.unit.code, r.title, r.url, r.weight) for r in rows] == [
        ("xa-pho-cuong", "xã Phổ Cường", "/?ky=m2023-05&dv=xa-pho-cuong", 3)
    ]
    cell = rows[0].cells["dossiers"]
    assert cell == Cell(
        "not_reported",
        "chưa báo cáo",
        "—",
        "Tỷ lệ giải quyết đúng hạn. Báo cáo tháng: chưa báo cáo (hạn 10/06/2023)",
        "/thu-tuc-hanh-chinh?ky=m2023-05&dv=xa-pho-cuong",
    )
    assert {rows[0].cells[a].look for a in MATRIX_AREAS if a != "dossiers"} == {"none"}


def test_before_the_due_day_the_cell_says_it_is_not_due_yet(db: Session):
    rows = status_matrix(session=db, period=periods.month(2023, 5), today=date(2023, 6, 5), query={})
    by_code = {r.unit.code: r for r in rows}
    assert set(by_code) == {"xa-pho-cuong"}
    cell = by_code["xa-pho-cuong"].cells["dossiers"]
    assert (cell.look, cell.word, cell.figure, cell.text) == ("none", "chưa đến hạn", "—", "chưa đến hạn")
    assert by_code["xa-pho-cuong"].weight == 0
