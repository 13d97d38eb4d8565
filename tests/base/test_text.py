"""Tests for the Vietnamese matching keys in base.text."""

import unicodedata

import pytest

from base.text import clean_text, contains_words, normalize, printable, shorten


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


HO_TICH = "Hộ tịch"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HO_TICH, HO_TICH),
        (unicodedata.normalize("NFD", HO_TICH), HO_TICH),
        ("Hộ t\u200bịch", HO_TICH),
        ("Hộ\u200c tịch\u200d", HO_TICH),
        ("\ufeffHộ tịch\u2060", HO_TICH),
        ("Hộ tịch\u00a0", HO_TICH),
        ("\u3000Hộ\u2003tịch\t", HO_TICH),
        ("Hộ\n\ntịch", HO_TICH),
        ("\u202eHộ tịch\u202c", HO_TICH),
        ("\u200eHộ\u2066 tịch\u2069\u200f", HO_TICH),
        ("Hộ\x00 tịch\x7f", HO_TICH),
        ("Hộ\x85tịch", HO_TICH),
        ("\x1b[31mHộ tịch\x1b[0m", HO_TICH),
        ("\x1b]0;title\x07Hộ tịch", HO_TICH),
        ("x.xlsx\nOK gia_mao.xlsx: đã lưu lô #999.", "x.xlsx OK gia_mao.xlsx: đã lưu lô #999."),
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected
    assert unicodedata.is_normalized("NFC", clean_text(text))


@pytest.mark.parametrize(
    "twin",
    [
        unicodedata.normalize("NFD", HO_TICH),
        "Hộ\u200b tịch",
        "Hộ t\u200bịch",
        "Hộ tịch\u00a0",
        "\u202aHộ tịch\u202c",
        "HỘ TỊCH",
    ],
)
def test_twins_share_one_matching_key(twin: str) -> None:
    assert normalize(twin) == normalize(HO_TICH) == "ho tich"


@pytest.mark.parametrize("text", ["a\nOK b", "a\rOK", "\x1b[2K\rOK", "a\u2028OK", "a\x85OK", "a\x0bOK"])
def test_printable_is_one_line_without_controls(text: str) -> None:
    shown = printable(text)
    assert shown.splitlines() == [shown]
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in shown)


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("abcdef", 6, "abcdef"), ("abcdefg", 6, "abcde…"), ("", 3, "")],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
