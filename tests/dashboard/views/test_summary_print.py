"""The printable one-page summary: A4, Vietnamese, status words, the five most behind, sources — all escaped."""

from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser

from dashboard.kpis.cards import Card
from dashboard.views.overview import Overview
from dashboard.views.overview_behind import Behind, Link
from dashboard.views.summary_print import summary_html

HOSTILE = '<script>alert("x")</script>'
GENERATED = datetime(2023, 6, 5, 8, 30)


def model(**changes: object) -> Overview:
    link = Link("dossiers.py", "thu-tuc-hanh-chinh", {"ky": "m2023-05"})
    base: dict[str, object] = {
        "period_label": "Tháng 5/2023",
        "unit_label": "Toàn thị xã",
        "as_of": date(2023, 5, 31),
        "previous_label": "Tháng 4/2023",
        "last_year_label": "Tháng 5/2022",
        "cards": [
            Card(
                "dossiers",
                "online_rate",
                "Tỷ lệ nộp trực tuyến",
                38.24,
                "38,24%",
                "…",
                "behind",
                "Chỉ tiêu 50%",
                "+0,9 điểm",
                "+17,9 điểm",
            ),
            Card(
                "dossiers",
                "on_time_rate",
                "Tỷ lệ giải quyết đúng hạn",
                97.04,
                "97,04%",
                "…",
                "met",
                "Chỉ tiêu 95%",
            ),
            Card("tasks", "completion_rate", "Tỷ lệ hoàn thành nhiệm vụ", None, "—", "…"),
        ],
        "behind": [
            Behind("online", "Nộp trực tuyến thấp — xã Phổ Khánh", "15,05%, chỉ tiêu 50% (-34,9 điểm)", link),
            Behind("tasks", f"Nhiệm vụ quá hạn — {HOSTILE}", "quá hạn 3 ngày", link),
        ],
        "sources": {
            "dossiers": "Nguồn: tthc_thi_xa_2023_05.xlsx (lô #93, tải lên 05/06/2023 08:10 bởi an)",
            "targets": f"Nguồn: {HOSTILE}.xlsx (lô #2)",
        },
    }
    return Overview(**{**base, **changes})  # type: ignore[arg-type]


class Texts(HTMLParser):
    """The text the printed page shows, and whether any script element exists."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(html: str) -> Texts:
    parser = Texts()
    parser.feed(html)
    return parser


def test_a4_page_in_vietnamese_with_scope_and_generation_time():
    html = summary_html(model(), generated_at=GENERATED)
    assert (
        html.startswith("<!DOCTYPE html>") and '<html lang="vi">' in html and '<meta charset="utf-8">' in html
    )
    assert "size: A4" in html
    text = " ".join(parsed(html).text)
    assert "Tình hình thực hiện các chỉ tiêu — Toàn thị xã" in text
    assert "Tháng 5/2023" in text and "31/05/2023" in text and "08:30 05/06/2023" in text


def test_headline_kpis_carry_status_words_targets_and_changes():
    text = " ".join(parsed(summary_html(model(), generated_at=GENERATED)).text)
    assert "Tỷ lệ nộp trực tuyến" in text and "38,24%" in text
    assert "🔴 Chậm" in text and "✅ Đạt" in text  # a word next to every colour
    assert "Chỉ tiêu 50%" in text and "+0,9 điểm" in text and "+17,9 điểm" in text
    assert "So với Tháng 4/2023" in text and "So với Tháng 5/2022" in text
    assert "chưa có dữ liệu" in text  # the missing completion rate, never 0


def test_five_most_behind_and_sources_listed():
    text = " ".join(parsed(summary_html(model(), generated_at=GENERATED)).text)
    assert "5 việc chậm nhất" in text
    assert "Nộp trực tuyến thấp — xã Phổ Khánh" in text and "15,05%, chỉ tiêu 50% (-34,9 điểm)" in text
    assert "Thủ tục hành chính: tthc_thi_xa_2023_05.xlsx (lô #93, tải lên 05/06/2023 08:10 bởi an)" in text


def test_data_text_is_escaped_never_markup():
    html = summary_html(model(unit_label=HOSTILE, period_label=HOSTILE), generated_at=GENERATED)
    page = parsed(html)
    assert "script" not in page.tags
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert HOSTILE in " ".join(page.text)  # shown as written


def test_nothing_behind_says_so():
    text = " ".join(parsed(summary_html(model(behind=[], previous_label=None), generated_at=GENERATED)).text)
    assert "Không có việc nào chậm so với chỉ tiêu trong kỳ." in text
    assert "So với kỳ trước" in text
