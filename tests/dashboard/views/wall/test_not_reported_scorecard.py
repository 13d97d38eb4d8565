"""The wall's unit tiles: a unit that owed the window's last month of dossiers and sent none reads "chưa báo cáo
tháng …" across its scorecard row (never a row of 0 or blanks) and "chưa báo cáo" with no bar in the online-rate
chart; a unit that reported a real 0 shows its 0."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from dashboard.views.wall import figures, html
from dashboard.views.wall.dossier_tiles import not_reported_online, online_ranking, unit_rows
from dashboard.views.wall.scope import Window
from tests.pages.test_overview_first_screen import _report, app_db  # noqa: F401  (the fixture)

NOVEMBER = Window(date(2023, 11, 1), date(2023, 11, 30), date(2023, 11, 30), "Tháng 11/2023")


def _cells(body: str, name: str) -> list[str]:
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", body) if f"<td>{name}" in r)
    return [re.sub(r"<[^>]+>", "", td) for td in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_scorecard_names_the_unit_that_did_not_report_and_keeps_a_real_zero(app_db: Engine):  # noqa: F811
    for code in ("xa-pho-an", "xa-pho-chau"):
        _report(app_db, code, 10, resolved_total=10, resolved_in_time=10, resolved_late=0)
    _report(
        app_db, "xa-pho-an", 11, resolved_total=100, resolved_in_time=100, resolved_late=0, pending_overdue=0
    )
    with Session(app_db) as session:
        rows = {r.name: r for r in unit_rows(session=session, window=NOVEMBER, today=date(2023, 12, 20))}
        before_due = {r.name: r for r in unit_rows(session=session, window=NOVEMBER, today=date(2023, 12, 5))}
    assert rows["Phổ Châu"].not_reported == "chưa báo cáo tháng 11/2023"
    assert rows["Phổ An"].not_reported == ""
    assert before_due["Phổ Châu"].not_reported == ""  # not yet due on the 5th: nobody is named
    body = html.scorecard_body([rows["Phổ An"], rows["Phổ Châu"]])
    assert _cells(body, "Phổ Châu") == ["Phổ Châu", "chưa báo cáo tháng 11/2023"]
    assert _cells(body, "Phổ An")[3:] == ["0", "0"]  # reported none late and none overdue: a real 0


def test_online_rate_chart_lists_the_unit_that_did_not_report_without_a_bar(app_db: Engine):  # noqa: F811
    for code in ("xa-pho-an", "xa-pho-chau"):
        _report(app_db, code, 10, received_new=10, received_online=5)
    _report(app_db, "xa-pho-an", 11, received_new=50, received_online=0)  # a real 0% online
    with Session(app_db) as session:
        rows = unit_rows(session=session, window=NOVEMBER, today=date(2023, 12, 20))
    ranked = online_ranking(rows, "commune")
    bar = figures.rate_bars(ranked, None, absent=not_reported_online(rows, "commune", 12 - len(ranked))).data[
        0
    ]
    assert list(bar.y) == ["Phổ An", "Phổ Châu"]
    assert list(bar.text) == ["0,0%", "chưa báo cáo"]
