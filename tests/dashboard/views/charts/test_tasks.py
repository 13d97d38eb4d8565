"""The tasks page's figure: completion by lead agency, least complete on top, a title that names who is behind."""

import pytest

from dashboard.views import plot_theme
from dashboard.views.charts import plain
from dashboard.views.charts.tasks import completion_by_lead, completion_title

LEADS = [
    {"lead": "Phòng Tư pháp", "completion_rate": 42.857},
    {"lead": "Cơ quan Tổ chức – Nội vụ", "completion_rate": 61.54},
    {"lead": "Sở Nội vụ", "completion_rate": 0.0},
    {"lead": "UBND phường Nguyễn Nghiêm", "completion_rate": 100.0},
]


@pytest.mark.parametrize(
    ("rows", "target", "title"),
    [
        ([], 100.0, "Chưa có nhiệm vụ trong kỳ đang xem"),
        (
            LEADS,
            100.0,
            "3/4 cơ quan chủ trì chậm so với chỉ tiêu hoàn thành 100%<br>Thấp nhất (0,00%): Sở Nội vụ",
        ),
        (
            LEADS,
            None,
            "Tỷ lệ hoàn thành nhiệm vụ theo cơ quan chủ trì<br>Thấp nhất (0,00%): Sở Nội vụ",
        ),
        (LEADS[3:], 90.0, "Cả 1 cơ quan chủ trì đạt chỉ tiêu hoàn thành 90%"),
        ([{"lead": "A", "completion_rate": None}], 100.0, "Chưa có nhiệm vụ trong kỳ đang xem"),
        (
            [{"lead": name, "completion_rate": 0.0} for name in "EDCBA"],
            None,
            "Tỷ lệ hoàn thành nhiệm vụ theo cơ quan chủ trì<br>Thấp nhất (0,00%): A, B, C và 2 cơ quan khác",
        ),
    ],
)
def test_the_title_states_the_point(rows, target, title):
    assert completion_title(rows, target) == title


def test_bars_put_the_least_complete_on_top_against_the_target():
    fig = completion_by_lead(LEADS, target=100.0, tolerance=5.0)
    bar = fig.data[0]
    assert list(bar.y) == [
        "Sở Nội vụ",
        "Phòng Tư pháp",
        "Cơ quan Tổ chức – Nội vụ",
        "UBND phường Nguyễn Nghiêm",
    ]
    assert list(bar.text) == ["0,00%", "42,86%", "61,54%", "100,00%"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first (worst) at the top
    assert tuple(fig.layout.xaxis.range) == (0, 118) and fig.layout.xaxis.tickvals[-1] == 100
    assert fig.layout.shapes[0].x0 == 100.0  # the target line
    met, behind = plot_theme.STATUS_COLORS["met"], plot_theme.STATUS_COLORS["behind"]
    assert list(bar.marker.color) == [behind, behind, behind, met]
    assert fig.layout.template.layout.separators == ",."


def test_data_text_cannot_become_plotly_markup():
    rows = [{"lead": '<a href="http://x">Phòng</a>', "completion_rate": 10.0}]
    fig = completion_by_lead(rows, target=None)
    assert list(fig.data[0].y) == ['&lt;a href="http://x"&gt;Phòng&lt;/a&gt;']
    assert "<a" not in fig.layout.title.text
    assert plain("A & B <b>") == "A &amp; B &lt;b&gt;"


# Each agency's tasks as task_counts gives them: (total, done, done late, overdue).
_COUNTS: list[tuple[str, int, int, int, int]] = [
    ("Công an thị xã", 1, 0, 0, 0),  # not yet due
    ("Phòng Tư pháp", 7, 3, 1, 2),  # 3/5 due: behind
    ("Phòng Y tế", 4, 2, 0, 0),  # 2/2 due: met
]
JUDGED: list[dict[str, object]] = [
    {
        "lead": lead,
        "total": total,
        "done": done,
        "done_late": late,
        "overdue": overdue,
        "due": done + overdue,
        "not_due": total - done - overdue,
        "completion_rate": 100.0 * done / total,
    }
    for lead, total, done, late, overdue in _COUNTS
]


def test_an_agency_with_nothing_due_is_neither_counted_behind_nor_red():
    assert completion_title(JUDGED, 100.0).startswith(
        "1/3 cơ quan chủ trì chậm so với chỉ tiêu hoàn thành 100%"
    )
    fig = completion_by_lead(JUDGED, target=100.0)
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours == {
        "Công an thị xã": plot_theme.NEUTRAL,
        "Phòng Tư pháp": plot_theme.STATUS_COLORS["behind"],
        "Phòng Y tế": plot_theme.STATUS_COLORS["met"],
    }
