"""The report kinds the importer knows: which one a sheet is, tried most specific first, and which it came
closest to when none."""

from __future__ import annotations

from base.kinds import KIND_TITLES
from data_loaders import budget_report, dossier_list, dossier_report, service_index, tasks_sheet
from data_loaders.registry import LOADERS, closest_kind, detect, loader_of
from data_loaders.workbook import CellValue, Sheet


def _sheet(*rows: list[CellValue]) -> Sheet:
    return Sheet("S", list(rows))


def test_every_kind_has_one_loader_and_a_title():
    kinds = [loader.kind for loader in LOADERS]
    assert len(kinds) == len(set(kinds))
    assert kinds[:2] == [dossier_list.KIND, dossier_report.KIND]  # the most specific first
    assert KIND_TITLES[dossier_report.KIND] == dossier_report.TITLE
    assert KIND_TITLES[service_index.KIND] == service_index.TITLE  # a whole-workbook format too
    assert set(KIND_TITLES) == {*kinds, service_index.KIND}


def test_loader_of():
    found = loader_of(tasks_sheet.KIND)
    assert found is not None and found.read_sheet is tasks_sheet.read_sheet
    assert loader_of(service_index.KIND) is None  # read as a whole workbook
    assert loader_of("no_such_kind") is None


def test_detect_a_dossier_list_and_its_header_row():
    found = detect(
        _sheet(["Danh sách hồ sơ"], ["STT", "Mã hồ sơ", "Ngày tiếp nhận"], [1, "H1", "01/05/2023"])
    )
    assert found is not None
    loader, header = found
    assert (loader.kind, header) == (dossier_list.KIND, 1)


def test_detect_a_dossier_report():
    found = detect(
        _sheet(
            ["Kỳ báo cáo: Tháng 5/2023"],
            ["STT", "Tên đơn vị", "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết"],
        )
    )
    assert found is not None and (found[0].kind, found[1]) == (dossier_report.KIND, 1)


def test_detect_a_revenue_report():
    found = detect(
        _sheet(
            ["BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG 5 NĂM 2023"],
            ["ĐVT: triệu đồng"],
            ["STT", "Nội dung", "Dự toán năm", "Thực hiện tháng 5", "Lũy kế từ đầu năm"],
        )
    )
    assert found is not None and found[0].kind == budget_report.KIND_REVENUE


def test_a_sheet_of_nothing_known_is_no_kind_and_no_near_miss():
    sheet = _sheet(["Danh bạ"], ["Họ tên", "Điện thoại"], ["Nguyễn Văn A", "0901"])
    assert detect(sheet) is None
    assert closest_kind(sheet) is None


def test_the_closest_kind_names_the_required_headers_still_missing():
    near = closest_kind(_sheet(["STT", "Tên dự án", "Chủ đầu tư", "Tổng mức đầu tư"]))
    assert near is not None
    assert (near.row, near.hits) == (0, 3)
    assert near.missing == ["Kế hoạch vốn", "Giải ngân"]
    assert near.title.startswith("Báo cáo tình hình giải ngân")
