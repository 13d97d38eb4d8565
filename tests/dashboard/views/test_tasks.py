"""What the tasks page lists: products joined to the overdue and due-soon lists, filters, the uploads behind them."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from dashboard.importing.importer import import_file
from dashboard.store.units import UnitMatcher
from dashboard.views.tasks import filter_rows, listed_tasks, source_batches

ROOT = Path(__file__).resolve().parents[3]
ROWS = [
    {"title": "Kiểm tra công tác nội vụ", "lead": "Cơ quan Tổ chức – Nội vụ", "product": "Báo cáo"},
    {"title": "Rà soát văn bản", "lead": "Phòng Tư pháp", "product": "Thông báo kết luận kiểm tra"},
    {"title": "Bồi dưỡng kỹ năng", "lead": "Phòng Văn hóa và Thông tin", "product": ""},
]


@pytest.mark.parametrize(
    ("leads", "text", "titles"),
    [
        ((), "", ["Kiểm tra công tác nội vụ", "Rà soát văn bản", "Bồi dưỡng kỹ năng"]),
        ((), "kiem tra", ["Kiểm tra công tác nội vụ", "Rà soát văn bản"]),  # title or product, no diacritics
        ((), "KIỂM  TRA nội", ["Kiểm tra công tác nội vụ"]),  # every word, any case and spacing
        ((), "tu phap", ["Rà soát văn bản"]),  # the lead too
        (("Phòng Tư pháp",), "", ["Rà soát văn bản"]),
        (("Phòng Tư pháp",), "noi vu", []),
    ],
)
def test_filters(leads, text, titles):
    assert [r["title"] for r in filter_rows(ROWS, leads=leads, text=text)] == titles


@pytest.fixture
def samples(seeded):
    for name in ("nhiem_vu_cchc_2022.xlsx", "nhiem_vu_ket_luan_2023_06.xlsx"):
        result = import_file((ROOT / "sample_data" / name).read_bytes(), name, engine=seeded, user="mẫu")
        assert result.stored
    return seeded


def test_lists_carry_the_product_and_status_in_words(samples):
    with Session(samples) as s:
        lists = listed_tasks(
            session=s, unit_id=None, start=date(2022, 1, 1), end=date(2022, 12, 31), as_of=date(2022, 7, 1)
        )
    overdue = lists["overdue"]
    assert [(r["lead"], r["days_overdue"], r["days_left"]) for r in overdue[:2]] == [
        ("Cơ quan Tổ chức – Nội vụ", 92, -92),
        ("Văn phòng HĐND và UBND thị xã", 92, -92),
    ]
    assert overdue[0]["product"] == "Kế hoạch của UBND thị xã"
    assert {r["status"] for r in overdue} <= {"Chưa thực hiện", "Đang thực hiện"}
    assert all(r["deadline"] < date(2022, 7, 1) and r["deadline_text"] for r in overdue)


def test_the_source_is_the_lists_of_the_scope(samples):
    with Session(samples) as s:
        tu_phap = UnitMatcher.load(session=s).match("Phòng Tư pháp")
        assert tu_phap is not None
        year_2022 = source_batches(session=s, unit_id=None, start=date(2022, 1, 1), end=date(2022, 12, 31))
        both = source_batches(session=s, unit_id=None, start=None, end=None)
        tu_phap_2023 = source_batches(
            session=s, unit_id=tu_phap.id, start=date(2023, 1, 1), end=date(2023, 12, 31)
        )
    assert len(year_2022) == 1 and len(both) == 2
    assert tu_phap_2023 == []  # Phòng Tư pháp leads no task of the 2023 conclusion
