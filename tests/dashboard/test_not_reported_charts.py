"""A unit that owed its report and sent none is named in the ranked unit charts as "chưa báo cáo", distinct from a
real 0, which is labelled outside its empty bar."""

from __future__ import annotations

from dashboard.charts.dossiers import page_figures, ranked_rates


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
