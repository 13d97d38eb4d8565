"""Monthly figures computed from a dossier list, checked by hand against a handful of dossiers."""

from datetime import date, datetime

import pandas as pd

from dashboard.store.dossier_monthly import compute_monthly, merge_intervals, months_between


def _frame(rows):
    frame = pd.DataFrame(
        rows, columns=["unit_id", "sector", "channel", "status", "received_at", "due_at", "finished_at"]
    )
    for key in ("received_at", "due_at", "finished_at"):
        frame[key] = pd.to_datetime(frame[key])
    return frame


D = datetime
DOSSIERS = _frame(
    [
        # received Dec, finished early in Jan -> carried into Jan, resolved early in Jan
        (1, "Hộ tịch", "direct", "done", D(2022, 12, 20, 9), D(2023, 1, 10, 17), D(2023, 1, 5, 10)),
        # received Jan online, finished on the due day
        (1, "Hộ tịch", "online", "done", D(2023, 1, 3, 8), D(2023, 1, 6, 17), D(2023, 1, 6, 9)),
        # received Jan by post, finished late in Feb
        (1, "Đất đai", "postal", "done", D(2023, 1, 9, 8), D(2023, 1, 20, 17), D(2023, 2, 2, 9)),
        # received Jan, still open, due in Jan -> overdue at the end of Jan and Feb
        (1, "Đất đai", "direct", "processing", D(2023, 1, 25, 8), D(2023, 1, 30, 17), None),
        # received Feb online, withdrawn in Feb
        (1, "Đất đai", "online", "withdrawn", D(2023, 2, 1, 8), D(2023, 2, 10, 17), D(2023, 2, 3, 8)),
        # received Feb, open, due in March -> pending within deadline at end of Feb
        (1, "Hộ tịch", "online", "supplement", D(2023, 2, 27, 8), D(2023, 3, 3, 17), None),
    ]
)


def _unit_month(monthly, start):
    row = monthly[(monthly["sector"] == "") & (monthly["period_start"] == start)]
    assert len(row) == 1
    return row.iloc[0].to_dict()


def test_january_flows_and_stocks():
    monthly = compute_monthly(DOSSIERS, months_between(date(2023, 1, 1), date(2023, 2, 28)), has_due=True)
    jan = _unit_month(monthly, date(2023, 1, 1))
    assert jan["received_carried_over"] == 1
    assert jan["received_new"] == 3
    assert jan["received_total"] == 4
    assert (jan["received_online"], jan["received_direct"], jan["received_postal"]) == (1, 1, 1)
    assert (jan["resolved_total"], jan["resolved_early"], jan["resolved_on_time"], jan["resolved_late"]) == (
        2,
        1,
        1,
        0,
    )
    assert jan["pending_total"] == 2
    assert jan["pending_overdue"] == 2  # due 20/01 and 30/01, both still open on 31/01
    assert jan["received_total"] == jan["resolved_total"] + jan["pending_total"] + jan["withdrawn"]


def test_february_carries_januarys_pending_and_counts_late_and_withdrawn():
    monthly = compute_monthly(DOSSIERS, months_between(date(2023, 1, 1), date(2023, 2, 28)), has_due=True)
    feb = _unit_month(monthly, date(2023, 2, 1))
    assert feb["received_carried_over"] == 2
    assert feb["received_new"] == 2
    assert feb["resolved_total"] == 1 and feb["resolved_late"] == 1
    assert feb["withdrawn"] == 1
    assert feb["pending_total"] == 2
    assert feb["pending_overdue"] == 1
    assert feb["pending_within_deadline"] == 1
    assert feb["awaiting_supplement"] == 1


def test_sector_rows_add_up_to_the_unit_row():
    monthly = compute_monthly(DOSSIERS, months_between(date(2023, 1, 1), date(2023, 1, 31)), has_due=True)
    sectors = monthly[monthly["sector"] != ""]
    unit = monthly[monthly["sector"] == ""]
    assert sectors["received_total"].sum() == unit["received_total"].sum() == 4


def test_without_due_dates_timeliness_is_missing_not_zero():
    monthly = compute_monthly(DOSSIERS, months_between(date(2023, 1, 1), date(2023, 1, 31)), has_due=False)
    jan = _unit_month(monthly, date(2023, 1, 1))
    assert jan["resolved_total"] == 2
    assert jan["resolved_late"] is None and jan["pending_overdue"] is None


def test_merge_intervals_joins_touching_and_overlapping_spans():
    spans = [
        (date(2023, 3, 1), date(2023, 3, 31)),
        (date(2023, 1, 1), date(2023, 1, 31)),
        (date(2023, 2, 1), date(2023, 2, 15)),
        (date(2023, 2, 10), date(2023, 2, 28)),
    ]
    assert merge_intervals(spans) == [(date(2023, 1, 1), date(2023, 3, 31))]
