"""AppTest: the overview's first screen — the unit × area matrix ("chưa báo cáo" for a unit that owed a report and
sent none) and, on a first view, each card showing its own newest month."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.store.models import DossierFigure
from dashboard.store.units import UnitMatcher
from tests.dashboard.stored_batches import stored_batch
from tests.pages.apptest_data import (
    captions,
    forget_database,
    fresh_db,
    metrics,
    run_page,
    sample_files,
    use_data_dir,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "overview.py")


@pytest.fixture
def app_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    use_data_dir(monkeypatch, tmp_path)
    yield fresh_db()
    forget_database()


def _report(engine: Engine, code: str, month: int, **counts: int) -> None:
    """A one-unit dossier report for a month of 2023, uploaded on the 5th of the month after."""
    start, end = date(2023, month, 1), date(2023, month + 1, 1).replace(day=1)
    end = date.fromordinal(end.toordinal() - 1)
    with Session(engine) as session:
        unit_id = next(u.id for u in UnitMatcher.load(session=session).all() if u.code == code)
        batch = stored_batch(
            session, "dossier_report", period_start=start, period_end=end, unit_id=unit_id,
            created_at=datetime(2023, month + 1, 5, tzinfo=UTC),
        )  # fmt: skip
        figure = DossierFigure(
            batch_id=batch, unit_id=unit_id, period_start=start, period_end=end, source="report"
        )
        for field, value in counts.items():
            setattr(figure, field, value)
        session.add(figure)
        session.commit()


def _matrix_rows(at) -> list[tuple[str, list[str]]]:
    """(unit, cell texts) per row of the matrix's HTML, top to bottom."""
    (html,) = [h.proto.body for h in at.get("html") if "ioc-status-matrix" in h.proto.body]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1]):
        texts = [unescape(re.sub(r"<[^>]+>", "", td)) for td in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        rows.append((texts[0], texts[1:]))
    return rows


def test_matrix_says_not_reported_for_a_unit_that_owed_the_report(app_db: Engine):
    # Phổ An and Phổ Châu reported October; in November only Phổ An did (90 of 100 resolved on time).
    for code in ("xa-pho-an", "xa-pho-chau"):
        _report(
            app_db,
            code,
            10,
            resolved_total=10,
            resolved_early=5,
            resolved_on_time=5,
            resolved_in_time=10,
            resolved_late=0,
        )
    _report(
        app_db,
        "xa-pho-an",
        11,
        resolved_total=100,
        resolved_early=50,
        resolved_on_time=40,
        resolved_in_time=90,
        resolved_late=10,
    )
    at = run_page(PAGE, ky="m2023-11")
    rows = _matrix_rows(at)
    assert [unit for unit, _cells in rows] == ["xã Phổ Châu", "xã Phổ An"]  # the one behind first
    chau, an = rows[0][1], rows[1][1]
    assert chau[0] == "chưa báo cáo"  # owed, not sent: never blank, never 0
    assert "0,00%" not in " ".join(chau)
    assert an[0] == "90,00%"  # no target stored: the figure without a verdict
    assert set(chau[1:]) == set(an[1:]) == {"—"}  # nothing owed or stored in the other areas
    html = next(h.proto.body for h in at.get("html") if "ioc-status-matrix" in h.proto.body)
    assert 'href="/?ky=m2023-11&amp;dv=xa-pho-chau"' in html  # the unit's own overview, same period
    assert 'href="/thu-tuc-hanh-chinh?ky=m2023-11&amp;dv=xa-pho-chau"' in html
    assert "chưa báo cáo (hạn 10/12/2023)" in html  # the tooltip says by when


def test_matrix_shows_the_units_in_force_after_the_2025_reorganisation(app_db: Engine):
    with Session(app_db) as session:
        unit_id = next(u.id for u in UnitMatcher.load(session=session).all() if u.code == "xa-pho-an")
        batch = stored_batch(
            session, "dossier_report", period_start=date(2025, 6, 1), period_end=date(2025, 6, 30),
            unit_id=unit_id, created_at=datetime(2025, 7, 5, tzinfo=UTC),
        )  # fmt: skip
        session.add(DossierFigure(batch_id=batch, unit_id=unit_id, period_start=date(2025, 6, 1),
                                  period_end=date(2025, 6, 30), source="report", resolved_total=4))  # fmt: skip
        session.commit()
    rows = _matrix_rows(run_page(PAGE, ky="m2025-07"))
    # Phổ An reported June; from July phường Trà Câu, which took it in, owes the report.
    assert rows[0][0] == "phường Trà Câu" and rows[0][1][0] == "chưa báo cáo"
    assert "xã Phổ An" not in [unit for unit, _ in rows]


def test_default_period_shows_each_card_for_its_own_newest_month(
    app_db: Engine, monkeypatch: pytest.MonkeyPatch
):
    from dashboard.importing.importer import import_file

    for name, content in sample_files("tthc_thi_xa_2023_12.xlsx", "thu_ngan_sach_thi_xa_2023_11.xlsx"):
        assert import_file(content, name, engine=app_db, user="mẫu", accept_warnings=True).stored
    november = metrics(run_page(PAGE, ky="m2023-11"))["Thu ngân sách so dự toán"]
    assert november != "chưa có dữ liệu"
    # A period the leader chose that is not the default: every card keeps to it.
    assert metrics(run_page(PAGE, ky="m2023-10"))["Thu ngân sách so dự toán"] == "chưa có dữ liệu"
    first = run_page(PAGE)  # no period: the dossiers' newest month, December
    assert any(c.startswith("Toàn thị xã · Tháng 12/2023") for c in captions(first))
    assert metrics(first)["Thu ngân sách so dự toán"] == november  # revenue's own newest month
    assert "Số liệu tháng 11/2023" in captions(first)
    assert "Số liệu tháng 12/2023" not in captions(first)  # the dossiers are the page's month: said once
    # The same period in the URL (a rerun, a bookmark) is the same view: it does not flip back.
    again = run_page(PAGE, ky="m2023-12")
    assert metrics(again)["Thu ngân sách so dự toán"] == november
    assert "Số liệu tháng 11/2023" in captions(again)
