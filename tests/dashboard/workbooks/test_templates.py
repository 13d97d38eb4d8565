"""Blank upload templates: one for every kind a sheet loader reads, each recognised as its own kind when uploaded
back, with an instructions sheet the importer never takes for a table and the units' drop-down list."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard.settings import Settings
from dashboard.workbooks.dropdowns import INSTRUCTIONS_SHEET, LISTS_SHEET
from dashboard.workbooks.templates import TEMPLATE_KINDS, write_template
from data_loaders.registry import LOADERS, detect
from data_loaders.workbook import open_workbook

UNITS = ["UBND xã Phổ An", "UBND xã Phổ Châu", "Phòng Tư pháp"]


def _template(kind: str) -> bytes:
    out = io.BytesIO()
    write_template(out, kind, UNITS)
    return out.getvalue()


def test_every_sheet_kind_has_a_template():
    assert set(TEMPLATE_KINDS) == {loader.kind for loader in LOADERS}


@pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
def test_a_blank_template_is_read_back_as_its_kind(kind):
    book = open_workbook(_template(kind), f"mau_{kind}.xlsx", Settings())
    found = detect(book.sheets[0])
    assert found is not None and found[0].kind == kind


@pytest.mark.parametrize("kind", ["dossier_report", "dossier_list"])
def test_the_dossier_templates_carry_instructions_and_the_unit_list(kind):
    content = _template(kind)
    book = open_workbook(content, "mau.xlsx", Settings())
    names = [s.name for s in book.sheets]
    assert names[1:] == [INSTRUCTIONS_SHEET, LISTS_SHEET]
    guide = book.sheets[1]
    assert detect(guide) is None  # one cell per row: never a table header
    assert all(sum(1 for v in row if v != "") <= 1 for row in guide.rows)
    lists = openpyxl.load_workbook(io.BytesIO(content))[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [lists.cell(r, 1).value for r in range(1, 4)] == UNITS


def test_the_list_templates_drop_downs_read_from_the_lists_sheet():
    sheet = openpyxl.load_workbook(io.BytesIO(_template("dossier_list"))).worksheets[0]
    sources = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert sources == [f"{LISTS_SHEET}!$A$1:$A$3", f"{LISTS_SHEET}!$B$1:$B$3", f"{LISTS_SHEET}!$C$1:$C$5"]
    assert {v.errorStyle for v in sheet.data_validations.dataValidation} == {"warning"}  # warned, not refused


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown template kind 'service_index'"):
        write_template(io.BytesIO(), "service_index", UNITS)
