"""The dossiers page's tables: by unit or sector, the late and overdue dossiers with the leader's filters, and
each table as the Excel file its button downloads (numbers stay numbers, dates stay dates)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from dashboard.queries.dossier_lists import LateDossier
from dashboard.views.dossier_tables import (
    LateFilter,
    breakdown_columns,
    breakdown_rows,
    by_unit,
    filter_late,
    late_table,
    table_workbook,
)
from dashboard.views.dossiers import DossierView, UnitFigures

LATE = [
    LateDossier(
        "H01",
        "Đăng ký khai sinh",
        "Hộ tịch",
        "Phổ An",
        datetime(2023, 5, 2),
        datetime(2023, 5, 5),
        datetime(2023, 5, 9),
        "late",
        4,
    ),
    LateDossier(
        "H02",
        "Chứng thực bản sao",
        "Chứng thực",
        "Phổ An",
        datetime(2023, 5, 3),
        datetime(2023, 5, 4),
        None,
        "overdue",
        27,
    ),
    LateDossier(
        "X-KS-9",
        "Khai sinh lưu động",
        "Hộ tịch",
        "Phổ Châu",
        datetime(2023, 5, 8),
        datetime(2023, 5, 10),
        None,
        "overdue",
        21,
    ),
]


def _codes(rows: list[LateDossier]) -> list[str]:
    return [r.code for r in rows]


def test_breakdown_columns_name_rates_in_percent_and_counts_in_dossiers():
    columns = breakdown_columns("Lĩnh vực")
    assert [(c.key, c.unit, c.kind) for c in columns] == [
        ("name", "", "text"),
        ("received_total", "hồ sơ", "int"),
        ("received_new", "hồ sơ", "int"),
        ("online_rate", "%", "percent"),
        ("late_rate", "%", "percent"),
        ("pending_overdue", "hồ sơ", "int"),
    ]
    assert columns[0].header == "Lĩnh vực"
    assert columns[3].header == "Tỷ lệ nộp trực tuyến"


def test_breakdown_rows_keep_the_order_and_only_the_table_fields():
    rows = breakdown_rows(
        [("Phổ Châu", {"received_total": 5, "late_rate": 20.0, "resolved_total": 4}), ("Phổ An", {})]
    )
    assert rows == [
        {
            "name": "Phổ Châu",
            "received_total": 5,
            "received_new": None,
            "online_rate": None,
            "late_rate": 20.0,
            "pending_overdue": None,
        },
        {
            "name": "Phổ An",
            "received_total": None,
            "received_new": None,
            "online_rate": None,
            "late_rate": None,
            "pending_overdue": None,
        },
    ]


def test_filter_late_by_each_criterion_and_all_together():
    assert _codes(filter_late(LATE, LateFilter())) == ["H01", "H02", "X-KS-9"]
    assert _codes(filter_late(LATE, LateFilter(units=["Phổ Châu"]))) == ["X-KS-9"]
    assert _codes(filter_late(LATE, LateFilter(sectors=["Hộ tịch"]))) == ["H01", "X-KS-9"]
    assert _codes(filter_late(LATE, LateFilter(state="overdue"))) == ["H02", "X-KS-9"]
    assert _codes(filter_late(LATE, LateFilter(text="  KHAI SINH "))) == [
        "H01",
        "X-KS-9",
    ]  # the procedure, any case
    assert _codes(filter_late(LATE, LateFilter(text="x-ks"))) == ["X-KS-9"]  # the code
    assert _codes(filter_late(LATE, LateFilter(units=["Phổ An"], sectors=["Hộ tịch"], state="overdue"))) == []


def test_late_table_keeps_dates_and_says_the_state_in_words():
    (first,) = late_table(LATE[:1])
    assert first == {
        "code": "H01",
        "procedure": "Đăng ký khai sinh",
        "unit": "Phổ An",
        "sector": "Hộ tịch",
        "received": datetime(2023, 5, 2),
        "due": datetime(2023, 5, 5),
        "finished": datetime(2023, 5, 9),
        "days_overdue": 4,
        "state": "Trả quá hạn",
    }
    assert late_table(LATE[1:2])[0]["state"] == "Đang quá hạn"


def _view() -> DossierView:
    units = [
        UnitFigures(2, "xa-pho-chau", "Phổ Châu", "commune", {"received_total": 5, "late_rate": 25.0}),
        UnitFigures(1, "xa-pho-an", "Phổ An", "commune", {"received_total": 12, "late_rate": None}),
    ]
    return DossierView(
        kpis={},
        previous={},
        last_year={},
        online_goal=None,
        on_time_goal=None,
        late_goal=None,
        by_unit=units,
        by_sector={"Hộ tịch": {"received_total": 9}, "Chứng thực": {"received_total": 8}},
        trend=[],
        late=list(LATE),
        figures_source="Nguồn: bao_cao.xlsx",
        trend_source="",
        list_source="Nguồn: danh_sach.xlsx",
    )


def test_by_unit_starts_alphabetical():
    assert [name for name, _ in by_unit(_view())] == ["Phổ An", "Phổ Châu"]


def _cells(content: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_unit_table_as_a_workbook():
    rows = _cells(
        table_workbook(_view(), "unit", LateFilter(), unit_label="Toàn thị xã", period_label="Tháng 5/2023")
    )
    assert rows[0][0] == "Thủ tục hành chính theo đơn vị — Toàn thị xã"
    assert rows[1][0] == "Kỳ: Tháng 5/2023"
    assert rows[2][0] == "Nguồn: bao_cao.xlsx"
    assert rows[4][:2] == ("Đơn vị", "Tổng số hồ sơ nhận giải quyết (hồ sơ)")
    assert rows[5][:2] == ("Phổ An", 12) and rows[5][4] is None  # a missing rate stays empty, never 0
    assert rows[6][:2] == ("Phổ Châu", 5) and rows[6][4] == 25


def test_the_sector_table_is_sorted_by_name():
    rows = _cells(
        table_workbook(_view(), "sector", LateFilter(), unit_label="xã Phổ An", period_label="Tháng 5/2023")
    )
    assert rows[0][0] == "Thủ tục hành chính theo lĩnh vực — xã Phổ An"
    assert [r[0] for r in rows[5:]] == ["Chứng thực", "Hộ tịch"]


def test_the_late_table_is_filtered_as_on_the_page():
    content = table_workbook(
        _view(), "late", LateFilter(state="overdue"), unit_label="Toàn thị xã", period_label="Tháng 5/2023"
    )
    rows = _cells(content)
    assert rows[0][0] == "Hồ sơ trễ hạn và quá hạn — Toàn thị xã"
    assert rows[2][0] == "Nguồn: danh_sach.xlsx"
    assert [r[0] for r in rows[5:]] == ["H02", "X-KS-9"]
    assert rows[5][4] == datetime(2023, 5, 3)  # a date cell, not text
    assert rows[5][6] is None and rows[5][7] == 27 and rows[5][8] == "Đang quá hạn"
