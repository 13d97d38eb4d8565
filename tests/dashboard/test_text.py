"""Tests for the Vietnamese matching keys in dashboard.text."""

import pytest

from dashboard.text import contains_words, normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Phổ An", "pho an"),
        ("Phở An", "pho an"),
        ("PHỔ AN", "pho an"),
        ("Đức Phổ", "duc pho"),
        ("đường", "duong"),
        ("UBND xã Nghĩa Hà", "ubnd xa nghia ha"),
        ("Tư pháp & Hộ tịch", "tu phap va ho tich"),
        ("Nội vụ&Lao động", "noi vu va lao dong"),
        ("Ba Tơ - Minh Long", "ba to minh long"),
        ("1.1. Tổng số (hồ sơ)", "1 1 tong so ho so"),
        ("Quý II/2023", "quy ii 2023"),
        ("01/01/2023 \u2013 20/07/2023", "01 01 2023 20 07 2023"),
        ("Số hồ sơ\nđã giải quyết", "so ho so da giai quyet"),
        ("  Trễ   hạn,  quá hạn ", "tre han qua han"),
        ("Tỷ lệ (%)", "ty le"),
        ("cấp\u00a0xã", "cap xa"),
        ("", ""),
        ("---", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_is_idempotent() -> None:
    once = normalize("Sở Tài nguyên & Môi trường (TN-MT)")
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        ("so ho so tong so", "tong so", True),
        ("tong so ho so", "tong so", True),
        ("so ho so", "so ho so", True),
        ("thanh", "an", False),
        ("pho an", "an", True),
        ("phong an ninh", "an ninh", True),
        ("so ho so tong so", "so tong", True),
        ("so ho so tong so", "ho tong", False),
        ("tong so", "tong so ho so", False),
        ("  tong   so  ", "tong so", True),
        ("tong so", "", False),
        ("", "an", False),
    ],
)
def test_contains_words(haystack: str, needle: str, expected: bool) -> None:
    assert contains_words(haystack, needle) is expected
