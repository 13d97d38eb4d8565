"""The read limits: the settings satisfy them, and a workbook is read under the limits it was opened with."""

import io

import openpyxl
import pytest

from base import limits
from dashboard.settings import Settings
from data_loaders.parsing import ParseError, parse_number
from data_loaders.workbook import open_workbook


def _book() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Số hồ sơ", 12])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_settings_defaults_are_the_base_defaults() -> None:
    settings = Settings()
    for name in limits.Limits.__dataclass_fields__:
        assert getattr(settings, name) == getattr(limits.DEFAULTS, name), name


def test_cells_are_read_under_the_limits_the_workbook_was_opened_with() -> None:
    try:
        assert parse_number("2.000") == 2000  # the default limit is 10^18
        open_workbook(_book(), "bao_cao.xlsx", Settings(max_number=1000))
        assert limits.current().max_number == 1000
        with pytest.raises(ParseError, match=r"1\.000"):
            parse_number("2.000")
        open_workbook(_book(), "bao_cao.xlsx", limits.DEFAULTS)
        assert parse_number("2.000") == 2000
    finally:
        limits.make_current(limits.DEFAULTS)
