"""The KPI formulas against the figures of the source documents (DOMAIN.md)."""

from dataclasses import replace

import pytest

from dashboard.kpis import DOSSIER_KPIS, Kpi, combine_periods, dossier_kpis, percent, rate, sum_units

PHO_AN_2023_7M = {  # seed 002: Phổ An, 01/01–20/07/2023
    "received_total": 2098,
    "received_carried_over": 43,
    "received_new": 2055,
    "received_online": 909,
    "received_direct_or_postal": 1146,
    "resolved_total": 2049,
    "resolved_early": 1739,
    "resolved_on_time": 0,
    "resolved_in_time": 1739,
    "resolved_late": 310,
    "pending_total": 20,
    "pending_within_deadline": 20,
    "pending_overdue": 0,
    "withdrawn": 29,
}
PROVINCE_CENTRE = {"resolved_total": 28916, "resolved_in_time": 28509, "resolved_late": 407}  # seed 004


@pytest.mark.parametrize(
    ("counts", "key", "expected"),
    [
        (PHO_AN_2023_7M, "online_rate", 44.23),
        (PHO_AN_2023_7M, "resolution_rate", 97.66),
        (PHO_AN_2023_7M, "early_rate", 84.87),
        (PHO_AN_2023_7M, "late_rate", 15.13),
        (PROVINCE_CENTRE, "on_time_rate", 98.59),
        (PROVINCE_CENTRE, "late_rate", 1.41),
    ],
)
def test_rates_reproduce_the_source_documents(counts, key, expected):
    value = rate(DOSSIER_KPIS[key], [counts])
    assert value is not None and round(value, 2) == expected


def test_online_rate_is_over_new_receipts_not_all_received():
    # The commune's own report divided by all 2.098 received (43,32%); the KPI divides by new receipts.
    value = rate(DOSSIER_KPIS["online_rate"], [PHO_AN_2023_7M])
    assert value is not None and round(value, 2) != round(909 / 2098 * 100, 2)


@pytest.mark.parametrize(("n", "d"), [(5, 0), (None, 10), (5, None), (None, None)])
def test_percent_is_missing_not_zero(n, d):
    assert percent(n, d) is None


def test_rate_uses_only_units_that_report_both_parts():
    with_split = {"received_online": 50, "received_direct_or_postal": 50}
    without_split = {"received_new": 1000}
    assert rate(DOSSIER_KPIS["online_rate"], [with_split, without_split]) == 50.0
    assert rate(DOSSIER_KPIS["online_rate"], [without_split]) is None


def test_early_rate_is_missing_when_early_and_on_time_are_merged():
    merged = {"resolved_total": 15964, "resolved_in_time": 12154, "resolved_late": 3810}
    kpis = dossier_kpis({"x": merged})
    assert kpis["early_rate"] is None
    on_time = kpis["on_time_rate"]
    assert on_time is not None and round(on_time, 2) == 76.13


def test_combine_periods_adds_flows_and_takes_stocks_first_and_last():
    jan = {
        "received_total": 110,
        "received_carried_over": 10,
        "received_new": 100,
        "resolved_total": 90,
        "resolved_late": 5,
        "pending_total": 20,
        "pending_overdue": 2,
    }
    feb = {
        "received_total": 140,
        "received_carried_over": 20,
        "received_new": 120,
        "resolved_total": 130,
        "resolved_late": 1,
        "pending_total": 10,
        "pending_overdue": 4,
    }
    both = combine_periods([jan, feb])
    assert both["received_carried_over"] == 10
    assert both["received_new"] == 220
    assert both["received_total"] == 230  # not 110 + 140: February's carried-over is January's pending
    assert both["resolved_total"] == 220
    assert both["resolved_late"] == 6
    assert both["pending_total"] == 10
    assert both["pending_overdue"] == 4


def test_combine_periods_derives_new_from_total_minus_carried():
    a = {"received_total": 110, "received_carried_over": 10}
    b = {"received_total": 140, "received_carried_over": 20}
    assert combine_periods([a, b])["received_new"] == 220


def test_a_flow_missing_in_one_period_is_missing_for_the_whole_scope():
    a = {"resolved_total": 5, "withdrawn": 1}
    b = {"resolved_total": 7, "withdrawn": None}
    both = combine_periods([a, b])
    assert both["resolved_total"] == 12
    assert both["withdrawn"] is None


def test_sum_units_keeps_missing_as_missing():
    totals = sum_units(
        [{"received_online": None, "received_total": 3}, {"received_online": None, "received_total": 4}]
    )
    assert totals["received_total"] == 7
    assert totals["received_online"] is None


def test_every_kpi_has_a_label_and_formula_text():
    for kpi in DOSSIER_KPIS.values():
        assert kpi.label and "÷" in kpi.formula


def test_every_area_gives_the_one_kpi_record():
    from dashboard.kpis.budget import REVENUE_KPIS
    from dashboard.kpis.investment import INVESTMENT_KPIS
    from dashboard.kpis.service_index import SERVICE_INDEX_KPIS
    from dashboard.kpis.tasks import TASK_COUNT_KPIS, TASK_KPIS

    for records in (
        DOSSIER_KPIS,
        REVENUE_KPIS,
        INVESTMENT_KPIS,
        SERVICE_INDEX_KPIS,
        TASK_KPIS,
        TASK_COUNT_KPIS,
    ):
        assert all(type(k) is Kpi and k.key == key and k.value is None for key, k in records.items())
    assert REVENUE_KPIS["ytd"].unit == "triệu đồng" and REVENUE_KPIS["ytd"].change_unit == "triệu đồng"
    assert DOSSIER_KPIS["online_rate"].change_unit == "điểm"  # a rate moves in points


def test_a_measured_kpi_keeps_missing_as_missing_and_is_judged_in_its_direction():
    late = DOSSIER_KPIS["late_rate"]
    assert late.rate_of(PHO_AN_2023_7M) == rate(late, [PHO_AN_2023_7M])
    assert late.measured(None).value is None
    assert late.measured(0).value == 0
    assert replace(late, value=3.0, target=5.0).status == "met"  # lower is better
    assert replace(late, value=9.0, target=5.0, tolerance=5.0).status == "close"
    assert replace(late, value=None, target=5.0).status is None
    assert late.measured(3.0).status is None  # no target, no status
    on_time = DOSSIER_KPIS["on_time_rate"].measured(80.0)
    assert replace(on_time, target=90.0).status == "behind"
    assert Kpi("x", "X", "X ÷ Y").parts({"x": 1}) == (None, None)  # not a rate of two counts
