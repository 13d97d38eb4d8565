"""Seeded mutants of valid workbooks: random bytes, XML parts and cells, each saying what was changed."""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from tests.conftest import official_report
from tests.dashboard.worker_jobs import whole_sheet_workbook

ROOT = Path(__file__).resolve().parents[2]
# Valid workbooks of every kind the app reads, small enough to mutate hundreds of times in a CI run.
SAMPLES = (
    "tthc_pho_an_2023_7thang.xlsx",
    "tthc_thi_xa_2023_01.xlsx",
    "thu_ngan_sach_thi_xa_2023_01.xlsx",
    "thu_ngan_sach_pho_an_2023_01.xlsx",
    "chi_ngan_sach_thi_xa_2023_01.xlsx",
    "giai_ngan_dtc_2023_03_31.xlsx",
    "nhiem_vu_cchc_2022.xlsx",
    "nhiem_vu_ket_luan_2023_06.xlsx",
    "chi_tieu_2022_2023.xlsx",
)
# Dossier reports in the official form II.06a: data from row 12, counts in columns C..N. The field of each
# column comes from the form's own headings (DOMAIN.md), not from our reader.
DOSSIER_BASES = ("tthc_pho_an_2023_7thang.xlsx", "tthc_thi_xa_2023_01.xlsx", "official_report")
FORM_FIELDS = {
    3: "received_total",
    4: "received_carried_over",
    5: "received_online",
    6: "received_direct_or_postal",
    7: "resolved_total",
    8: "resolved_early",
    9: "resolved_on_time",
    10: "resolved_late",
    11: "pending_total",
    12: "pending_within_deadline",
    13: "pending_overdue",
    14: "withdrawn",
}
# What a mutated count cell may hold: plausible and absurd counts, fractions, text, nothing.
CELL_VALUES: tuple[object, ...] = (
    0,
    1,
    7,
    999,
    123_456,
    2_147_483_647,
    10**15,
    -1,
    -250,
    2.5,
    0.999,
    1e300,
    None,
    "",
    "abc",
    "12",
    "1.234",
    " 45 ",
    True,
    float("nan"),
)
FAR_CELLS = ("XFD1048576", "A1048576", "XFD1", "AAA99999", "ZZ0", "A0", "1A", "")


@dataclass(frozen=True)
class Mutant:
    """One mutated workbook; `cell` is (sheet, row, column) for a cell mutation."""

    name: str
    kind: str  # byte | xml | cell | regression
    base: str
    how: str
    content: bytes
    cell: tuple[str, int, int] | None = None


def base_workbooks() -> dict[str, bytes]:
    """The valid starting points: the sample workbooks and the tests' official-form builder."""
    books = {name: (ROOT / "sample_data" / name).read_bytes() for name in SAMPLES}
    books["official_report"] = official_report()
    return books


def byte_mutant(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    data = bytearray(content)
    op = rng.choice(("flip", "truncate", "insert", "zero_run"))
    at = rng.randrange(len(data))
    if op == "flip":
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif op == "truncate":
        del data[at:]
    elif op == "insert":
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:
        data[at : at + rng.randint(1, 512)] = b"\0" * len(data[at : at + 512])
    return bytes(data), f"{op}@{at}"


def _xml_edit(rng: random.Random, xml: str) -> tuple[str, str]:
    """One structural or value change in an XML part."""
    op = rng.choice(("drop_span", "dup_element", "cell_ref", "value", "shared_index", "dimension", "garbage"))
    if op == "cell_ref" and (refs := list(re.finditer(r' r="([A-Z]+\d+)"', xml))):
        m = rng.choice(refs)
        new = rng.choice(FAR_CELLS)
        return xml[: m.start(1)] + new + xml[m.end(1) :], f"cell_ref {m.group(1)}->{new}"
    if op == "value" and (vals := list(re.finditer(r"<v>([^<]*)</v>", xml))):
        m = rng.choice(vals)
        new = rng.choice(("-1", "1e308", "NaN", "", "9" * 40, "0x10", "1,5", "abc", "-0"))
        return xml[: m.start(1)] + new + xml[m.end(1) :], f"value {m.group(1)!r}->{new!r}"
    if op == "shared_index" and (vals := list(re.finditer(r't="s"[^>]*><v>(\d+)</v>', xml))):
        m = rng.choice(vals)
        new = rng.choice(("99999", "-1", "4294967296"))
        return xml[: m.start(1)] + new + xml[m.end(1) :], f"shared_index {m.group(1)}->{new}"
    if op == "dimension" and (dim := re.search(r'<dimension ref="([^"]*)"', xml)):
        new = rng.choice(("A1", "A1:XFD1048576", "", "B2:A1"))
        return xml[: dim.start(1)] + new + xml[dim.end(1) :], f"dimension {dim.group(1)}->{new}"
    tags = [t.start() for t in re.finditer(r"<", xml)]
    if op == "dup_element" and (
        elems := list(re.finditer(r"<(c|row|si|sheet|mergeCell)\b[^>]*?(/>|>.*?</\1>)", xml))
    ):
        m = rng.choice(elems)
        return xml[: m.end()] + m.group(0) + xml[m.end() :], f"dup <{m.group(1)}>"
    if op == "garbage" or len(tags) < 2:
        at = rng.randrange(len(xml))
        junk = rng.choice(("<", "&", "\x00", "]]>", '"', "<x>", "&#0;", "\ud800"))
        return xml[:at] + junk + xml[at:], f"garbage {junk!r}@{at}"
    a, b = sorted(rng.sample(tags, 2))
    return xml[:a] + xml[b:], f"drop_span {a}:{b}"


def xml_mutant(rng: random.Random, content: bytes) -> tuple[bytes, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    xml_parts = sorted(n for n in parts if n.endswith((".xml", ".rels")))
    weighted = [n for n in xml_parts for _ in range(4 if "worksheets/" in n or "sharedStrings" in n else 1)]
    part = rng.choice(weighted)
    text, how = _xml_edit(rng, parts[part].decode("utf-8"))
    parts[part] = text.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue(), f"{part}: {how}"


def data_cells(content: bytes) -> list[tuple[str, int, int]]:
    """The count cells of a form II.06a: columns C..N of the rows under the column-number row (row 11)."""
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    return [
        (ws.title, row, col)
        for row in range(12, ws.max_row + 1)
        if isinstance(ws.cell(row, 3).value, int)
        for col in FORM_FIELDS
    ]


def cell_mutant(
    rng: random.Random, content: bytes, cells: list[tuple[str, int, int]]
) -> tuple[bytes, str, tuple[str, int, int]]:
    sheet, row, col = rng.choice(cells)
    value = rng.choice(CELL_VALUES)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    wb[sheet].cell(row, col).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), f"{openpyxl.utils.get_column_letter(col)}{row} = {value!r}", (sheet, row, col)


def regressions() -> list[Mutant]:
    """Files that once broke the reader, run every time whatever the seed."""
    return [
        Mutant(
            "whole_sheet.xlsx",
            "regression",
            "worker_jobs",
            "cells at A1 and XFD1048576",
            whole_sheet_workbook(),
        )
    ]


def mutants(seed: int, count: int) -> list[Mutant]:
    """`count` mutants, the same for the same seed: 40% cell, 30% XML, 30% byte mutations."""
    rng = random.Random(seed)
    books = base_workbooks()
    cells = {name: data_cells(books[name]) for name in DOSSIER_BASES}
    out: list[Mutant] = []
    for i in range(count):
        kind = rng.choices(("cell", "xml", "byte"), weights=(4, 3, 3))[0]
        if kind == "cell":
            base = rng.choice(DOSSIER_BASES)
            content, how, cell = cell_mutant(rng, books[base], cells[base])
            out.append(Mutant(f"m{i:04d}_{kind}.xlsx", kind, base, how, content, cell))
            continue
        base = rng.choice(sorted(books))
        content, how = (xml_mutant if kind == "xml" else byte_mutant)(rng, books[base])
        out.append(Mutant(f"m{i:04d}_{kind}.xlsx", kind, base, how, content))
    return out
