"""Workbooks written by dashboard.workbooks.dossiers and dashboard.workbooks.templates, read back by the importer."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.store.models import Unit
from dashboard.store.units import seed_units
from dashboard.workbooks.dossiers import (
    OFFICIAL_FIELDS,
    DossierRow,
    ReportRow,
    write_dossier_list,
    write_dossier_report,
)
from dashboard.workbooks.dropdowns import INSTRUCTIONS_SHEET, LISTS_SHEET
from dashboard.workbooks.templates import TEMPLATE_KINDS, write_template
from data_loaders.dossier_report import FigureRecord

PERIOD = "Kỳ báo cáo: Tháng 5/2023"


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    with Session(engine) as session:
        seed_units(session=session)
        session.commit()
    return engine


def counts(
    carried: int, online: int, direct: int, early: int, on_time: int, late: int, within: int, overdue: int
) -> dict[str, int]:
    """Form II.06a counts whose identities hold; withdrawn is what is left of the received dossiers."""
    new = online + direct
    resolved = early + on_time + late
    pending = within + overdue
    withdrawn = carried + new - resolved - pending
    assert withdrawn >= 0
    return {
        "received_total": carried + new,
        "received_carried_over": carried,
        "received_online": online,
        "received_direct_or_postal": direct,
        "resolved_total": resolved,
        "resolved_early": early,
        "resolved_on_time": on_time,
        "resolved_late": late,
        "pending_total": pending,
        "pending_within_deadline": within,
        "pending_overdue": overdue,
        "withdrawn": withdrawn,
    }


def read_back(engine: Engine, content: bytes, name: str) -> ImportResult:
    result = import_file(content, name, engine=engine, user="test", dry_run=True)
    assert [p.line(name) for p in result.problems.items] == []
    assert len(result.sheets) == 1
    return result


def records(result: ImportResult) -> dict[tuple[str, str], FigureRecord]:
    return {(r.unit.name, r.sector): r for r in result.sheets[0].records}


def report_bytes(**kwargs: object) -> bytes:
    buffer = io.BytesIO()
    write_dossier_report(buffer, **kwargs)  # type: ignore[arg-type]
    return buffer.getvalue()


HOA: dict[str, int] = counts(12, 90, 150, 200, 30, 4, 15, 1)
# Unknown counts chosen so no identity needs them: they must come back as None, never 0.
MINH_KNOWN = counts(8, 60, 140, 170, 20, 0, 10, 0)
MINH: dict[str, int | None] = {
    **MINH_KNOWN,
    "received_carried_over": None,
    "pending_overdue": None,
}
PHO_AN = counts(5, 120, 130, 220, 10, 6, 12, 2)


@pytest.mark.parametrize("total", ["first", "last", "none"])
def test_official_report_by_unit_reads_back(seeded: Engine, total: str) -> None:
    groups = {"UBND các phường": ["Phổ Hòa", "Phổ Minh"], "UBND các xã": ["Phổ An"]}
    rows = [ReportRow("Phổ Hòa", HOA), ReportRow("Phổ Minh", MINH), ReportRow("Phổ An", PHO_AN)]
    content = report_bytes(
        rows=rows,
        period_line=PERIOD,
        unit_title="UBND thị xã Đức Phổ",
        by="unit",
        layout="official",
        total=total,
        groups=groups,
    )
    result = read_back(seeded, content, "bieu.xlsx")
    parsed = result.sheets[0]
    assert parsed.sheet == "Biểu II.06a"
    assert parsed.period is not None and parsed.period.label == "Tháng 5/2023"
    assert parsed.unit is not None and parsed.unit.code == "thi-xa-duc-pho"
    found = records(result)
    assert set(found) == {("Phổ Hòa", ""), ("Phổ Minh", ""), ("Phổ An", "")}
    for name, values in (("Phổ Hòa", HOA), ("Phổ Minh", MINH), ("Phổ An", PHO_AN)):
        assert {f: found[(name, "")].values[f] for f in OFFICIAL_FIELDS} == values
    assert found[("Phổ Minh", "")].values["pending_overdue"] is None
    assert found[("Phổ Minh", "")].values["received_carried_over"] is None
    assert found[("Phổ Hòa", "")].values["received_new"] == 240  # derived from online + direct, postal

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    table = [row for row in sheet.iter_rows(min_row=12, values_only=True) if row[1]]
    labels = [(row[0], row[1]) for row in table][:7]
    body: list[tuple[str | None, str]] = [
        ("I", "UBND các phường"),
        ("1", "Phổ Hòa"),
        ("2", "Phổ Minh"),
        ("II", "UBND các xã"),
        ("1", "Phổ An"),
    ]
    expected: list[tuple[str | None, str]] = {
        "first": [(None, "Tổng cộng"), *body],
        "last": [*body, (None, "Tổng cộng")],
        "none": body,
    }[total]
    assert labels[: len(expected)] == expected
    if total != "none":
        total_row = next(row for row in table if row[1] == "Tổng cộng")
        assert total_row[2] == HOA["received_total"] + MINH_KNOWN["received_total"] + PHO_AN["received_total"]
        assert total_row[3] is None and total_row[12] is None  # unknown parts: an unknown total, not 0
        assert total_row[13] == HOA["withdrawn"] + MINH_KNOWN["withdrawn"] + PHO_AN["withdrawn"]
    minh = next(row for row in table if row[1] == "Phổ Minh")
    assert minh[3] is None and minh[12] is None and minh[2] == MINH["received_total"]


def test_official_report_by_sector_reads_back(seeded: Engine) -> None:
    sectors = {"Hộ tịch": HOA, "Chứng thực": PHO_AN}
    content = report_bytes(
        rows=[ReportRow(name, values) for name, values in sectors.items()],
        period_line="Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023",
        unit_title="UBND xã Phổ An",
        by="sector",
        layout="official",
    )
    result = read_back(seeded, content, "pho_an.xlsx")
    parsed = result.sheets[0]
    assert parsed.unit is not None and parsed.unit.code == "xa-pho-an"
    assert parsed.period is not None and (parsed.period.start.isoformat(), parsed.period.end.isoformat()) == (
        "2023-01-01",
        "2023-07-20",
    )
    found = records(result)
    assert set(found) == {("Phổ An", "Hộ tịch"), ("Phổ An", "Chứng thực"), ("Phổ An", "")}
    for sector, values in sectors.items():
        assert {f: found[("Phổ An", sector)].values[f] for f in OFFICIAL_FIELDS} == values
    whole = found[("Phổ An", "")].values
    assert {f: whole[f] for f in OFFICIAL_FIELDS} == {
        f: (HOA[f] or 0) + (PHO_AN[f] or 0) for f in OFFICIAL_FIELDS
    }
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.active["A2"].value == "UBND XÃ PHỔ AN"
    assert wb.active["B8"].value == "Lĩnh vực giải quyết"


def test_vendor_report_merges_early_and_on_time_and_has_no_online_split(seeded: Engine) -> None:
    hoa = {**HOA, "awaiting_supplement": 3}
    content = report_bytes(
        rows=[ReportRow("Phổ Hòa", hoa), ReportRow("Phổ An", PHO_AN)],
        period_line="Kỳ báo cáo: Năm 2021",
        unit_title="UBND thị xã Đức Phổ",
        by="unit",
        layout="vendor",
        total="first",
    )
    result = read_back(seeded, content, "phan_mem.xlsx")
    parsed = result.sheets[0]
    assert parsed.sheet == "BaoCao"
    assert parsed.period is not None and parsed.period.label == "Năm 2021"
    values = records(result)[("Phổ Hòa", "")].values
    # Columns the layout lacks are absent from the record, and stored as NULL (see batches._store_figures).
    assert values.get("resolved_early") is None and values.get("resolved_on_time") is None
    assert values["resolved_in_time"] == HOA["resolved_early"] + HOA["resolved_on_time"]
    assert values.get("received_online") is None and values.get("received_direct_or_postal") is None
    assert values["received_new"] == 240
    assert values["awaiting_supplement"] == 3
    assert records(result)[("Phổ An", "")].values["awaiting_supplement"] is None
    for name in ("received_total", "received_carried_over", "resolved_total", "resolved_late", "withdrawn"):
        assert values[name] == HOA[name]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[7]][:3] == [
        None,
        "Tổng cộng",
        HOA["received_total"] + PHO_AN["received_total"],
    ]


@pytest.mark.parametrize(
    ("rows", "groups"),
    [
        ([ReportRow("Phổ An", PHO_AN), ReportRow("Phổ Hòa", HOA)], {"UBND các xã": ["Phổ An"]}),
        ([ReportRow("Phổ An", PHO_AN)], {"UBND các xã": ["Phổ An", "Phổ Châu"]}),
        ([ReportRow("Phổ An", PHO_AN)], {"UBND các xã": ["Phổ An"], "UBND các phường": []}),
        ([ReportRow("Phổ An", PHO_AN), ReportRow("Phổ An", HOA)], None),
    ],
)
def test_report_rows_must_match_their_groups(
    rows: list[ReportRow], groups: dict[str, list[str]] | None
) -> None:
    with pytest.raises(ValueError):
        report_bytes(
            rows=rows, period_line=PERIOD, unit_title=None, by="unit", layout="official", groups=groups
        )


DOSSIERS = [
    DossierRow(
        "000.00.22.H48-230105-0001",
        "Văn phòng HĐND và UBND thị xã",
        "Đất đai",
        "Đăng ký biến động quyền sử dụng đất",
        "Trực tuyến",
        datetime(2023, 1, 5, 7, 45),
        datetime(2023, 1, 19, 7, 45),
        datetime(2023, 1, 18, 15, 10),
        "Đã trả kết quả",
    ),
    DossierRow(
        "000.14.22.H48-230105-0001",
        "Phòng Tư pháp",
        "Chứng thực",
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "Dịch vụ bưu chính",
        datetime(2023, 1, 5, 9, 5),
        datetime(2023, 1, 6, 9, 5),
        None,
        "Chờ bổ sung",
    ),
    DossierRow(
        "000.14.22.H48-230106-0001",
        "Phòng Tư pháp",
        "Hộ tịch",
        "Cấp bản sao trích lục hộ tịch",
        "Trực tiếp",
        datetime(2023, 1, 6, 16, 20),
        None,
        datetime(2023, 1, 9, 8, 0),
        "Công dân rút",
    ),
]


@pytest.mark.parametrize("text_dates", [False, True])
def test_dossier_list_reads_back(seeded: Engine, text_dates: bool) -> None:
    buffer = io.BytesIO()
    write_dossier_list(
        buffer,
        dossiers=DOSSIERS,
        period_line="Kỳ báo cáo: Tháng 1/2023",
        unit_title=None,
        text_dates=text_dates,
    )
    result = read_back(seeded, buffer.getvalue(), "ds.xlsx")
    parsed = result.sheets[0]
    assert parsed.kind == "dossier_list" and parsed.sheet == "DanhSachHoSo"
    assert parsed.period is not None and parsed.period.label == "Tháng 1/2023"
    frame = parsed.extra["frame"]
    assert frame["code"].tolist() == [d.code for d in DOSSIERS]
    assert frame["channel"].tolist() == ["online", "postal", "direct"]
    assert frame["status"].tolist() == ["done", "supplement", "withdrawn"]
    assert frame["sector"].tolist() == [d.sector for d in DOSSIERS]
    assert frame["procedure"].tolist() == [d.procedure for d in DOSSIERS]
    for column in ("received_at", "due_at", "finished_at"):
        read = [None if v is None or v != v else v.to_pydatetime() for v in frame[column].astype(object)]
        assert read == [getattr(d, column) for d in DOSSIERS]
    with Session(seeded) as session:
        names = {u.id: u.name for u in session.exec(select(Unit)).all()}
    assert [names[i] for i in frame["unit_id"]] == [d.unit for d in DOSSIERS]
    cell = openpyxl.load_workbook(buffer).active["G5"].value
    assert cell == ("05/01/2023 07:45" if text_dates else datetime(2023, 1, 5, 7, 45))


@pytest.mark.parametrize("kind", sorted(TEMPLATE_KINDS))
def test_template_has_instructions_and_unit_drop_down(tmp_path, kind: str) -> None:
    path = tmp_path / f"{kind}.xlsx"
    write_template(path, kind, ["Phổ An", "Phổ Châu", "Phòng Tư pháp"])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[1:] == [INSTRUCTIONS_SHEET, LISTS_SHEET]
    guide = " ".join(str(c.value) for c in wb[INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "Tải lên báo cáo" in guide
    if kind not in ("tasks", "targets"):  # the kinds with figures: empty means unknown, 0 means none
        assert "ĐỂ TRỐNG" in guide and "Không ghi số 0" in guide
    assert all(sum(1 for c in row if c.value) <= 1 for row in wb[INSTRUCTIONS_SHEET].iter_rows())
    if kind not in ("dossier_report", "dossier_list"):
        return  # the other areas check their own drop-downs in their own tests
    lists = wb[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"] if c.value] == ["Phổ An", "Phổ Châu", "Phòng Tư pháp"]
    validations = wb.worksheets[0].data_validations.dataValidation
    unit_column = "B" if kind == "dossier_report" else "E"
    unit_rules = [v for v in validations if str(v.sqref).startswith(unit_column)]
    assert len(unit_rules) == 1
    assert unit_rules[0].type == "list" and unit_rules[0].formula1 == f"{LISTS_SHEET}!$A$1:$A$3"


def test_filled_report_template_imports(seeded: Engine, tmp_path) -> None:
    path = tmp_path / "mau.xlsx"
    write_template(path, "dossier_report", ["Phổ An", "Phổ Hòa"])
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    sheet["A5"] = "Kỳ báo cáo: Tháng 6/2023"
    sheet["A6"] = "Đơn vị báo cáo: UBND thị xã Đức Phổ"
    for row, (name, values) in enumerate((("Phổ An", PHO_AN), ("Phổ Hòa", HOA)), start=12):
        sheet.cell(row, 2, name)
        for col, field in enumerate(OFFICIAL_FIELDS, start=3):
            sheet.cell(row, col, values[field])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = read_back(seeded, buffer.getvalue(), "mau.xlsx")
    found = records(result)
    assert {f: found[("Phổ An", "")].values[f] for f in OFFICIAL_FIELDS} == PHO_AN
    assert {f: found[("Phổ Hòa", "")].values[f] for f in OFFICIAL_FIELDS} == HOA


def test_unknown_template_kind_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="dossier_report, dossier_list"):
        write_template(tmp_path / "x.xlsx", "budget", ["Phổ An"])
