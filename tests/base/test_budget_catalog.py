"""The standard rows of the budget forms: well-formed trees, and the group rows other rows add up to."""

from __future__ import annotations

from base.budget_catalog import (
    COMMUNE_REVENUE_ITEMS,
    EXPENDITURE_GUIDE,
    REVENUE_GUIDE,
    TOWN_EXPENDITURE_ITEMS,
    TOWN_REVENUE_ITEMS,
    Item,
    group_names,
)
from data_loaders.land_use import names_land_use
from data_loaders.table import RANK_NONE, stt_rank


def _walk(items: tuple[Item, ...]) -> list[Item]:
    return [x for i in items for x in (i, *_walk(i.children), *i.breakdown)]


def test_group_names_are_exactly_the_rows_with_children():
    assert group_names() == {
        "thu noi dia",
        "thu tu khu vuc cong thuong nghiep dich vu ngoai quoc doanh",
        "chi can doi ngan sach dia phuong",
        "chi thuong xuyen",
        "cac khoan thu xa huong 100",  # the matching key drops the "%"
        "cac khoan thu phan chia theo ty le phan tram",
        "thu bo sung tu ngan sach cap tren",
    }


def test_a_row_with_only_a_breakdown_or_no_children_is_no_group():
    names = group_names()
    assert "thue thu nhap ca nhan" not in names  # its "Trong đó" is a part, not children
    assert "chi dau tu phat trien" not in names
    assert "le phi truoc ba" not in names


def test_siblings_have_distinct_stt_of_one_rank_below_their_parent():
    def check(items: tuple[Item, ...], parent_rank: int) -> None:
        stts = [i.stt for i in items]
        assert len(set(stts)) == len(stts), stts
        ranks = {stt_rank(s) for s in stts}
        assert len(ranks) == 1 and next(iter(ranks)) > parent_rank, stts
        for item in items:
            if item.children:
                check(item.children, stt_rank(item.stt))

    for form in (TOWN_REVENUE_ITEMS, TOWN_EXPENDITURE_ITEMS, COMMUNE_REVENUE_ITEMS):
        check(form, -1)


def test_breakdowns_are_trong_do_rows_without_stt():
    breakdowns = [
        b for form in (TOWN_REVENUE_ITEMS, TOWN_EXPENDITURE_ITEMS) for i in _walk(form) for b in i.breakdown
    ]
    assert [b.label for b in breakdowns] == [
        "Trong đó: thu từ chuyển nhượng bất động sản",
        "Trong đó: chi từ nguồn thu tiền sử dụng đất",
    ]
    assert all(b.stt == "" and stt_rank(b.stt) == RANK_NONE for b in breakdowns)


def test_the_town_revenue_form_names_land_use_fees_once():
    land = [i.label for i in _walk(TOWN_REVENUE_ITEMS) if names_land_use(i.label)]
    assert land == ["Thu tiền sử dụng đất"]


def test_the_form_rows_carry_no_amounts():
    assert all(
        not i.values
        for form in (TOWN_REVENUE_ITEMS, TOWN_EXPENDITURE_ITEMS, COMMUNE_REVENUE_ITEMS)
        for i in _walk(form)
    )


def test_the_guides_share_their_instructions_under_their_own_title():
    assert REVENUE_GUIDE[0] == "HƯỚNG DẪN ĐIỀN BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC"
    assert EXPENDITURE_GUIDE[0] == "HƯỚNG DẪN ĐIỀN BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG"
    assert REVENUE_GUIDE[1:] == EXPENDITURE_GUIDE[1:]
    assert "• Giữ dòng “ĐVT: triệu đồng”." in " ".join(REVENUE_GUIDE)
