"""What both worksheet scans share: Excel column letters and an XML parser that refuses DTDs."""

from __future__ import annotations

import pytest

from data_loaders.rejection import FileRejected
from data_loaders.xlsx_basics import EXCEL_MAX_COLS, column_index, xml_parser


@pytest.mark.parametrize(
    ("letters", "index"),
    [("A", 0), ("Z", 25), ("AA", 26), ("ab", 27), ("AZ", 51), ("BA", 52), ("ZZ", 701), ("AAA", 702)],
)
def test_column_index(letters, index):
    assert column_index(letters) == index


def test_the_last_excel_column_is_the_last_index():
    assert column_index("XFD") == EXCEL_MAX_COLS - 1


def test_the_parser_reads_plain_xml():
    seen: list[tuple[str, dict[str, str]]] = []
    parser = xml_parser()
    parser.StartElementHandler = lambda name, attrs: seen.append((name, attrs))
    parser.Parse(b'<sheetData><row r="1"><c r="A1" t="s"/></row></sheetData>', True)
    assert seen == [("sheetData", {}), ("row", {"r": "1"}), ("c", {"r": "A1", "t": "s"})]


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><x>&a;</x>',
        b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><x/>',
    ],
)
def test_the_parser_refuses_any_doctype(document):
    with pytest.raises(FileRejected) as caught:
        xml_parser().Parse(document, True)
    assert caught.value.code == "xml_entities"
