"""A unit that owed its report and sent none is named in the ranked unit charts as "chưa báo cáo", distinct from a
real 0, which is labelled outside its empty bar."""

from __future__ import annotations

from dashboard.views.charts import with_not_reported
from dashboard.views.charts.dossiers import page_figures, ranked_rates
from dashboard.views.charts.tasks import completion_by_lead


def test_absent_units_are_labelled_not_reported_and_zero_reads_zero():
    fig = ranked_rates(
        ["Phổ An", "Phổ Châu"], [2.5, 0.0], measure="late", target=5.0, absent=["Phổ Cường", "Phổ Khánh"]
    )
    bar = fig.data[0]
    assert list(bar.y) == ["Phổ An", "Phổ Châu", "Phổ Cường", "Phổ Khánh"]
    assert list(bar.text) == ["2,50%", "0,00%", "chưa báo cáo", "chưa báo cáo"]
    assert list(bar.textposition) == ["auto", "outside", "outside", "outside"]
    assert fig.layout.title.text.startswith("Cả 2 đơn vị")  # the title counts the units with a rate only


def test_page_figures_list_not_reported_units_in_the_unit_charts_only():
    figures = page_figures(
        [("Phổ An", {"online_rate": 40.0, "late_rate": 1.0})],
        [("Đất đai", {"online_rate": 30.0, "late_rate": 2.0})],
        [],
        {"online": None, "late": None},
        highlight=None,
        not_reported=["Phổ Châu"],
    )
    for measure in ("online", "late"):
        assert list(figures[f"{measure}_unit"].data[0].text)[-1] == "chưa báo cáo"
        assert "chưa báo cáo" not in list(figures[f"{measure}_sector"].data[0].text)


def test_with_not_reported_appends_units_without_a_bar_to_any_ranked_chart():
    fig = completion_by_lead(
        [
            {"lead": "UBND xã Phổ An", "completion_rate": 0.0},
            {"lead": "Phòng Nội vụ", "completion_rate": 80.0},
        ],
        target=None,
    )  # a chart whose labels sit outside as one setting, not a list
    with_not_reported(fig, ["UBND xã Phổ Châu", "Phòng Nội vụ"])  # Phòng Nội vụ has its bar: left as it is
    bar = fig.data[0]
    assert list(bar.y) == ["UBND xã Phổ An", "Phòng Nội vụ", "UBND xã Phổ Châu"]
    assert list(bar.text) == ["0,00%", "80,00%", "chưa báo cáo"]
    assert list(bar.x)[-1] == 0 and list(bar.textposition) == ["outside", "outside", "outside"]
    assert len(bar.marker.color) == 3


def test_with_not_reported_leaves_a_chart_alone_when_everyone_reported():
    fig = ranked_rates(["Phổ An"], [2.5], measure="late", target=None)
    before = fig.to_json()
    assert with_not_reported(fig, []).to_json() == before
    assert with_not_reported(fig, ["Phổ An"]).to_json() == before
