"""The money unit a report writes its amounts in, read from its title lines and headers."""

from __future__ import annotations

import pytest

from data_loaders.money_units import TRIEU, MoneyUnit, find_money_unit


@pytest.mark.parametrize(
    ("texts", "factor"),
    [
        (["ĐVT: triệu đồng"], 1.0),
        (["Đơn vị tính: tỷ đồng"], 1000.0),
        (["Đơn vị: đồng"], 1e-6),
        (["ĐVT là nghìn đồng"], 0.001),
        (["ĐVT: 1.000 đồng"], 0.001),
        (["Đvt: Tr.đồng"], 1.0),
        (["ĐVT: Trđ"], 1.0),
        (["Đơn vị tính: Tỷ"], 1000.0),
        (["ĐVT: ngàn đồng"], 0.001),
    ],
)
def test_a_unit_line_names_the_unit(texts, factor):
    unit = find_money_unit(texts)
    assert unit is not None and unit.factor == factor


def test_the_unit_line_wins_over_headers_and_running_text():
    texts = ["Số tiền (đồng)", "Kế hoạch vốn tỷ đồng", "ĐVT: triệu đồng"]
    assert find_money_unit(texts) == TRIEU


def test_a_header_in_parentheses_names_the_unit_when_no_line_does():
    assert find_money_unit(["Báo cáo thu ngân sách", "Số tiền (tỷ đồng)"]) == MoneyUnit(1000.0, "tỷ đồng")
    assert find_money_unit(["Dự toán (đồng)"]) == MoneyUnit(1e-6, "đồng")


def test_parentheses_must_hold_the_unit_alone():
    # "(đồng bào dân tộc)" is no money unit, and "đồng" alone outside parentheses is too common a word
    assert find_money_unit(["Hỗ trợ (đồng bào dân tộc)", "Cộng đồng"]) is None


def test_a_two_word_unit_anywhere_names_the_unit():
    assert find_money_unit(["Tổng vốn kế hoạch 2023 là 120 tỷ đồng"]) == MoneyUnit(1000.0, "tỷ đồng")


def test_a_bare_common_word_does_not_name_a_unit():
    assert find_money_unit(["Thu ngân sách tỷ lệ", "Triệu tập họp", ""]) is None
    assert find_money_unit([]) is None


def test_a_unit_line_naming_the_reporting_unit_is_passed_over():
    # "Đơn vị: UBND xã Phổ An" names who reports, not a money unit; the next line does
    assert find_money_unit(["Đơn vị: UBND xã Phổ An", "Đơn vị tính: đồng"]) == MoneyUnit(1e-6, "đồng")
