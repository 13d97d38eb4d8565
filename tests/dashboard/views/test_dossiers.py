"""The dossiers page's data, tables and figures: targets, breakdowns, the late list and its filters, chart titles."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import Session

from base import periods
from dashboard.queries.dossier_lists import LateDossier
from dashboard.store.units import UnitMatcher
from dashboard.views.charts.dossiers import (
    MARK,
    overdue_bars,
    page_figures,
    ranked_rates,
    rate_title,
    trend_title,
)
from dashboard.views.dossier_tables import (
    LateFilter,
    breakdown_columns,
    breakdown_rows,
    filter_late,
    late_table,
)
from dashboard.views.dossiers import DossierView, Goal, dossier_view, page_cards, trend_window
from tests.dashboard.views.test_overview import sample_engine  # noqa: F401 - the module-scoped sample database


def view_of(engine, token: str, unit_code: str | None = None) -> DossierView:
    period = periods.from_token(token)
    assert period is not None
    prev, same = period.previous(), period.same_period_last_year()
    with Session(engine) as session:
        unit = next((u for u in UnitMatcher.load(session=session).all() if u.code == unit_code), None)
        return dossier_view(
            session=session,
            unit_id=unit.id if unit else None,
            start=period.start,
            end=period.end,
            previous=(prev.start, prev.end),
            last_year=(same.start, same.end),
            as_of=period.end,
        )


def test_town_month_with_targets_breakdowns_and_late_list(sample_engine):  # noqa: F811
    view = view_of(sample_engine, "m2023-05")
    assert view.online_goal == Goal(50.0, 5.0)  # the dated target of 30/06/2023 is the one in force in May
    assert view.on_time_goal == Goal(95.0, 5.0)
    assert view.late_goal == Goal(5.0, 5.0)  # no late-rate target: 100 − the on-time one
    assert len(view.by_unit) == 27 and "Phòng Tài nguyên và Môi trường" in {u.name for u in view.by_unit}
    assert "Đất đai" in view.by_sector
    assert [d for d, _ in view.trend] == [date(2022, m, 1) for m in range(6, 13)] + [
        date(2023, m, 1) for m in range(1, 6)
    ]
    assert view.late and view.late == sorted(view.late, key=lambda r: (-r.days_overdue, r.unit, r.code))
    assert "ds_ho_so_mot_cua_2023.xlsx" in view.list_source
    cards = {c.key: c for c in page_cards(view)}
    assert cards["received_total"].value_text == "6.230"
    assert cards["online_rate"].value_text == "38,24%" and cards["online_rate"].status == "behind"
    assert cards["late_rate"].target_text == "Ngưỡng 5%" and cards["late_rate"].delta_color == "inverse"
    assert cards["pending_overdue"].value_text == "62" and cards["pending_overdue"].status == "behind"


def test_a_commune_is_ranked_among_all_units_and_its_list_narrows(sample_engine):  # noqa: F811
    view = view_of(sample_engine, "c2023-01-01_2023-07-20", "xa-pho-an")
    cards = {c.key: c for c in page_cards(view)}
    assert cards["online_rate"].value_text == "44,23%"
    assert cards["late_rate"].value_text == "15,13%"
    assert cards["resolution_rate"].value_text == "97,66%"
    assert len(view.by_unit) > 1  # every unit, so Phổ An is seen among its peers
    assert set(view.by_sector) == {"Hộ tịch", "Chứng thực", "Đất đai", "Bảo trợ xã hội", "Khác"}
    assert view.late == []  # Phổ An reports figures, not a dossier list
    assert view.list_source == "Nguồn: chưa có dữ liệu"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2023, 5, 1), date(2023, 5, 31), (date(2022, 6, 1), date(2023, 5, 31))),
        (date(2021, 1, 1), date(2023, 7, 20), (date(2021, 1, 1), date(2023, 7, 20))),
        (date(2023, 1, 1), date(2023, 12, 31), (date(2023, 1, 1), date(2023, 12, 31))),
    ],
)
def test_trend_window_is_at_least_twelve_months(start, end, expected):
    assert trend_window(start, end) == expected


def late(
    code: str, unit: str, sector: str, state: str, days: int, procedure: str = "Đăng ký khai sinh"
) -> LateDossier:
    when = datetime(2023, 5, 2, 8, 0)
    return LateDossier(
        code, procedure, sector, unit, when, when, when if state == "late" else None, state, days
    )


ROWS = [
    late("H01", "Phòng Tư pháp", "Hộ tịch", "overdue", 9),
    late("H02", "Phòng Tư pháp", "Chứng thực", "late", 4, "Chứng thực bản sao"),
    late("X03", "Văn phòng HĐND và UBND thị xã", "Hộ tịch", "late", 2),
]


@pytest.mark.parametrize(
    ("wanted", "codes"),
    [
        (LateFilter(), ["H01", "H02", "X03"]),
        (LateFilter(units=["Phòng Tư pháp"]), ["H01", "H02"]),
        (LateFilter(sectors=["Hộ tịch"]), ["H01", "X03"]),
        (LateFilter(state="late"), ["H02", "X03"]),
        (LateFilter(text="  chứng THỰC "), ["H02"]),
        (LateFilter(text="x03"), ["X03"]),
        (LateFilter(units=["Phòng Tư pháp"], state="overdue", text="h0"), ["H01"]),
    ],
)
def test_filters_combine(wanted, codes):
    assert [r.code for r in filter_late(ROWS, wanted)] == codes


def test_late_table_keeps_dates_and_numbers():
    (row, *_rest) = late_table(ROWS)
    assert row["state"] == "Đang quá hạn" and row["finished"] is None
    assert isinstance(row["received"], datetime) and row["days_overdue"] == 9


def test_breakdown_rows_and_columns():
    rows = breakdown_rows([("Phổ An", {"received_total": 2098, "online_rate": 44.23})])
    assert rows == [
        {
            "name": "Phổ An",
            "received_total": 2098,
            "received_new": None,
            "online_rate": 44.23,
            "late_rate": None,  # without the on-time rate beside it: one is the other's complement
            "pending_overdue": None,
        }
    ]
    columns = breakdown_columns("Đơn vị")
    assert [(c.header, c.kind) for c in columns][:4] == [
        ("Đơn vị", "text"),
        ("Tổng số hồ sơ nhận giải quyết", "int"),
        ("Mới tiếp nhận", "int"),
        ("Tỷ lệ nộp trực tuyến", "percent"),
    ]


@pytest.mark.parametrize(
    ("values", "measure", "target", "title"),
    [
        (
            [30.0, 60.0, 45.5],
            "online",
            50.0,
            "2/3 đơn vị dưới chỉ tiêu nộp trực tuyến 50%<br>Thấp nhất: A (30,00%)",
        ),
        ([60.0, 70.0, 55.0], "online", 50.0, "Cả 3 đơn vị đạt chỉ tiêu nộp trực tuyến 50%"),
        ([1.0, 12.5, None], "late", 5.0, "1/2 đơn vị vượt ngưỡng trễ hạn 5%<br>Cao nhất: B (12,50%)"),
        ([None, None, None], "late", 5.0, "Chưa có số liệu tỷ lệ trễ hạn theo đơn vị"),
        ([30.0, 60.0, 45.5], "online", None, "Tỷ lệ nộp trực tuyến theo đơn vị<br>Thấp nhất: A (30,00%)"),
    ],
)
def test_rate_titles_state_the_point(values, measure, target, title):
    assert rate_title(["A", "B", "C"], values, measure=measure, target=target, noun="đơn vị") == title


def test_selected_unit_is_marked_among_the_ranked_and_names_stay_text():
    fig = ranked_rates(
        ["Phổ An", "Phổ Châu", "<b>Xã</b>"],
        [44.23, 12.0, 70.0],
        measure="online",
        target=50.0,
        highlight="Phổ An",
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ Châu", MARK + "Phổ An", "&lt;b&gt;Xã&lt;/b&gt;"]  # worst first
    assert list(bar.marker.line.width) == [0, 3, 0]
    assert list(bar.text) == ["12,00%", "44,23%", "70,00%"]
    assert fig.layout.xaxis.range == (0, 105)


def test_overdue_bars_leave_out_units_without_overdue():
    fig = overdue_bars(["A", "B", "C"], [0, 7, None])
    assert list(fig.data[0].y) == ["B"]
    assert fig.layout.title.text == "7 hồ sơ đang giải quyết quá hạn ở 1 đơn vị<br>Nhiều nhất: B (7 hồ sơ)"
    assert overdue_bars([], []).layout.title.text == "Không có hồ sơ đang giải quyết quá hạn"


def test_trend_title_and_gaps():
    points = [(date(2023, 1, 1), 30.0), (date(2023, 2, 1), None), (date(2023, 3, 1), 52.5)]
    assert trend_title(points, measure="online", target=50.0) == (
        "Tỷ lệ nộp trực tuyến: 30,00% (01/2023) → 52,50% (03/2023)<br>Tháng gần nhất đạt chỉ tiêu 50%"
    )
    figures = page_figures(
        [("A", {"online_rate": 40.0, "late_rate": 2.0, "pending_overdue": 3})],
        [("Hộ tịch", {"online_rate": 40.0, "late_rate": 2.0})],
        [(d, {"online_rate": v, "late_rate": None}) for d, v in points],
        {"online": (50.0, 5.0), "late": None},
        highlight="A",
    )
    assert set(figures) == {
        "online_unit",
        "online_sector",
        "late_unit",
        "late_sector",
        "trend_online",
        "trend_late",
        "overdue",
    }
    assert list(figures["trend_online"].data[0].y) == [30.0, None, 52.5]  # a gap, never a 0
    assert figures["trend_late"].layout.title.text == "Chưa có số liệu tỷ lệ trễ hạn theo tháng"
