"""Breakdowns the dossier page needs: by unit, by sector, month by month, and the late dossiers themselves."""

from datetime import date

from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.queries.dossier_lists import late_and_overdue
from dashboard.queries.dossiers import kpis_by_sector, kpis_by_unit, monthly_series
from dashboard.store.units import UnitMatcher
from tests.dashboard.importing.test_import_acceptance import LIST_ROWS, _dossier_list


def _store(engine, content, name="r.xlsx"):
    result = import_file(content, name, engine=engine, user="t", accept_warnings=True)
    assert result.stored, [p.message for p in result.problems.items]


def test_by_sector_and_by_unit(seeded, phoan_report_bytes):
    _store(seeded, phoan_report_bytes)
    with Session(seeded) as s:
        pho_an = UnitMatcher.load(session=s).match("Phổ An")
        assert pho_an is not None
        sectors = kpis_by_sector(None, None, None, session=s)
        units = kpis_by_unit(None, None, None, session=s)
    assert set(sectors) == {"Hộ tịch", "Chứng thực"}
    assert sectors["Hộ tịch"]["received_total"] == 1000
    late, online = sectors["Chứng thực"]["late_rate"], units[pho_an.id]["online_rate"]
    assert late is not None and round(late, 2) == round(220 / 1059 * 100, 2)
    assert online is not None and round(online, 2) == 44.23


def test_monthly_series_leaves_months_a_longer_report_covers_missing(seeded, make_report, phoan_report_bytes):
    may = make_report(
        [("1", "Hộ tịch", [100, 0, 50, 50, 100, 100, 0, 0, 0, 0, 0, 0])],
        [100, 0, 50, 50, 100, 100, 0, 0, 0, 0, 0, 0],
        title_unit="UBND XÃ PHỔ CHÂU",
        period_line="Kỳ báo cáo: Tháng 5/2023",
    )
    _store(seeded, may)
    _store(seeded, phoan_report_bytes)
    with Session(seeded) as s:
        series = dict(monthly_series(None, date(2023, 4, 1), date(2023, 6, 30), session=s))
    assert series[date(2023, 4, 1)] == {}
    assert (
        series[date(2023, 5, 1)]["received_total"] == 100
    )  # Phổ An's 7-month report is not split into months
    assert series[date(2023, 5, 1)]["online_rate"] == 50.0


def test_late_and_overdue_dossiers_worst_first(seeded):
    _store(seeded, _dossier_list(LIST_ROWS), "ds.xlsx")
    with Session(seeded) as s:
        rows = late_and_overdue(
            session=s, unit_ids=None, start=date(2023, 1, 1), end=date(2023, 2, 28), as_of=date(2023, 2, 28)
        )
    assert [(r.code, r.state, r.days_overdue) for r in rows] == [
        ("H48-0003", "overdue", 29),
        ("H48-0002", "late", 2),
    ]
    assert rows[0].unit == "Phổ An"
