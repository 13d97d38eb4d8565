"""Texts stored from a file: cleaned to their display form, and refused (never cut) when longer than the column."""

from __future__ import annotations

from datetime import date

import pandas as pd

from base.periods import Period
from base.units import UnitRef
from dashboard.importing.stored_text import clean_sheet_texts, column_length
from dashboard.store.models import Batch, BudgetLine, Dossier, DossierFigure
from data_loaders.base import ParsedSheet
from data_loaders.dossier_report import FigureRecord
from data_loaders.problems import Problems

PHO_AN = UnitRef(1, "xa-pho-an", "Phổ An", "UBND xã Phổ An", "commune", None, None, None)
ZWSP = "\u200b"


def _parsed(sheet: str = "Biểu 1", kind: str = "dossier_report", **kw) -> tuple[ParsedSheet, Problems]:
    problems = Problems()
    return ParsedSheet(kind, sheet, None, None, {}, [], problems, **kw), problems


def _errors(problems: Problems) -> list[tuple[str, str]]:
    return [(p.code, p.cell) for p in problems.errors]


def test_column_length_reads_the_declared_limits():
    assert column_length(Dossier, "code") == 100
    assert column_length(Dossier, "procedure") == 1000
    assert column_length(DossierFigure, "sector") == 300
    assert column_length(Batch, "sheet") == 100
    assert column_length(Dossier, "received_at") is None  # not a text
    assert column_length(Dossier, "no_such_column") is None


def test_the_sheet_name_is_cleaned_and_the_user_checked():
    parsed, problems = _parsed("  Bi\u00ea\u0300u   1\t")
    clean_sheet_texts(parsed, problems, user="an")
    assert parsed.sheet == "Biều 1"
    assert problems.items == []
    parsed, problems = _parsed()
    clean_sheet_texts(parsed, problems, user="u" * 101)
    assert _errors(problems) == [("text_too_long", "")]
    assert problems.errors[0].message.startswith("Người nhập dài 101 ký tự, vượt giới hạn 100 ký tự")


def test_a_sheet_name_and_period_label_at_the_limit_pass_and_one_more_character_is_refused():
    parsed, problems = _parsed("S" * 100)
    parsed.period = Period(date(2023, 1, 1), date(2023, 1, 31), "K" * 100)
    clean_sheet_texts(parsed, problems, user="an")
    assert problems.items == []
    parsed, problems = _parsed("S" * 101)
    parsed.period = Period(date(2023, 1, 1), date(2023, 1, 31), "K" * 101)
    clean_sheet_texts(parsed, problems, user="an")
    assert [p.message.split(" dài")[0] for p in problems.errors] == ["Tên trang tính", "Kỳ báo cáo"]


def test_sector_records_are_cleaned_and_a_long_sector_refused_at_its_row():
    parsed, problems = _parsed()
    parsed.records = [
        FigureRecord(PHO_AN, f"Hộ{ZWSP} tịch ", {"received_total": 3}, 7),
        FigureRecord(PHO_AN, "L" * 301, {"received_total": 1}, 8),
    ]
    clean_sheet_texts(parsed, problems, user="an")
    assert parsed.records[0].sector == "Hộ tịch"
    assert parsed.records[0].values == {"received_total": 3}
    assert _errors(problems) == [("text_too_long", "dòng 8")]
    assert "301 ký tự, vượt giới hạn 300" in problems.errors[0].message
    assert len(parsed.records[1].sector) == 301  # refused, never truncated


def test_dict_records_are_checked_against_their_kinds_model():
    assert column_length(BudgetLine, "item_name") == 500
    parsed, problems = _parsed(kind="budget_revenue")
    parsed.records = [
        {"row": 12, "item_name": " Thu  thuế ", "amount": 5.0},
        {"row": 13, "item_name": "x" * 501},
    ]
    clean_sheet_texts(parsed, problems, user="an")
    assert parsed.records[0] == {"row": 12, "item_name": "Thu thuế", "amount": 5.0}
    assert _errors(problems) == [("text_too_long", "dòng 13")]


def test_a_dossier_frame_has_each_spelling_cleaned_and_long_codes_refused_at_their_rows():
    frame = pd.DataFrame(
        {
            "row": [3, 4, 5],
            "code": [f"H01{ZWSP}", "H02", "C" * 101],
            "sector": ["Hộ  tịch", "Hộ  tịch", None],
            "procedure": ["Khai sinh", "Khai tử", "Kết hôn"],
        }
    )
    parsed, problems = _parsed(extra={"frame": frame})
    clean_sheet_texts(parsed, problems, user="an")
    assert list(frame["code"][:2]) == ["H01", "H02"]
    assert list(frame["sector"][:2]) == ["Hộ tịch", "Hộ tịch"]
    assert pd.isna(frame["sector"][2])  # a missing value stays missing
    assert _errors(problems) == [("text_too_long", "dòng 5")]
    assert problems.errors[0].message.startswith("Mã hồ sơ dài 101 ký tự")


def test_an_empty_frame_is_left_alone():
    frame = pd.DataFrame({"row": [], "code": []})
    parsed, problems = _parsed(extra={"frame": frame})
    clean_sheet_texts(parsed, problems, user="an")
    assert problems.items == [] and frame.empty
