"""From a unit's name on screen to its view: the query kept, the codes on chart bars, and what a click picks."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.views.unit_links import (
    MARK,
    attach_codes,
    codes_by_label,
    picked_code,
    picked_row_code,
    unit_query,
)


def test_unit_query_keeps_the_period_and_names_the_unit():
    assert unit_query("m2023-05", "xa-pho-an") == {"ky": "m2023-05", "dv": "xa-pho-an"}
    assert list(unit_query("m2023-05", "xa-pho-an")) == ["ky", "dv"]


def test_unit_query_leaves_out_what_is_not_known():
    assert unit_query(None, "xa-pho-an") == {"dv": "xa-pho-an"}
    assert unit_query("q2023-2", None) == {"ky": "q2023-2"}
    assert unit_query("", "") == {}


def test_codes_by_label_drops_a_label_two_units_share_and_labels_without_a_code():
    pairs = [
        ("Phổ An", "xa-pho-an"),
        ("Nguyễn Nghiêm", "phuong-nguyen-nghiem"),
        ("Nguyễn Nghiêm", "xa-nguyen-nghiem"),
        ("Khác", None),
        ("Phổ Châu", "xa-pho-chau"),
    ]
    assert codes_by_label(pairs) == {"Phổ An": "xa-pho-an", "Phổ Châu": "xa-pho-chau"}


def test_attach_codes_matches_horizontal_bars_by_y_and_strips_the_selection_mark():
    fig = go.Figure(go.Bar(x=[3, 5, 1], y=["Phổ An", f"{MARK}Phổ Châu", "Sở Tư pháp"], orientation="h"))
    attach_codes(fig, {"Phổ An": "xa-pho-an", "Phổ Châu": "xa-pho-chau"})
    assert list(fig.data[0].customdata) == ["xa-pho-an", "xa-pho-chau", ""]


def test_attach_codes_matches_vertical_bars_by_x_and_leaves_other_traces_alone():
    fig = go.Figure([go.Bar(x=["Phổ An", "Phổ Châu"], y=[2, 4]), go.Scatter(x=["Phổ An"], y=[1])])
    attach_codes(fig, {"Phổ Châu": "xa-pho-chau"})
    assert list(fig.data[0].customdata) == ["", "xa-pho-chau"]
    assert fig.data[1].customdata is None


def test_picked_code_takes_the_first_point_that_carries_a_code():
    points: list[dict[str, object]] = [
        {"customdata": ""},
        {"x": 1},
        {"customdata": ["xa-pho-an", 3]},
        {"customdata": "xa-pho-chau"},
    ]
    assert picked_code(points) == "xa-pho-an"
    assert picked_code([{"customdata": "xa-pho-chau"}]) == "xa-pho-chau"


def test_picked_code_is_none_without_a_coded_point():
    assert picked_code([]) is None
    assert picked_code([{"customdata": []}, {"customdata": 7}, {"customdata": ""}]) is None


def test_picked_row_code_skips_rows_without_a_unit_and_rows_out_of_range():
    codes = ["xa-pho-an", None, "xa-pho-chau"]
    assert picked_row_code([1, 2, 0], codes) == "xa-pho-chau"
    assert picked_row_code([5, -1, 0], codes) == "xa-pho-an"
    assert picked_row_code([1], codes) is None
    assert picked_row_code([], codes) is None
