"""The revenue, expenditure and disbursement pages in Chromium at 1440×900, opened from bookmarked URLs (period,
unit and the land-use toggle in the query), with a full-length screenshot of each as a test artifact."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.browser.laptop import (
    WAIT,
    chart_title,
    metric_value,
    no_traceback,
    screenshot,
)

pytestmark = pytest.mark.browser


def full_screenshot(page, path: Path) -> None:
    no_traceback(page)
    screenshot(page, path)


def test_revenue_january_to_may_2023(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-ngan-sach?ky=n2023-5", wait_until="networkidle")
    assert metric_value(page, "Lũy kế thu (tỷ đồng)") == "70,264"
    assert metric_value(page, "Thu ngân sách so dự toán") == "27,73%"
    assert metric_value(page, "Thu ngân sách so cùng kỳ") == "90,87%"
    assert metric_value(page, "Tiến độ thời gian") == "41,67%"
    assert metric_value(page, "So với tiến độ thời gian") == "−13,94 điểm"
    chart_title(page, "Thu đạt 27,73% dự toán, chậm 13,94 điểm so với tiến độ thời gian 41,67%")
    chart_title(page, "Thu 5 tháng năm 2023 bằng 90,87% cùng kỳ năm 2022")
    chart_title(page, "7/13 khoản thu dưới tiến độ thời gian 41,67%")
    page.get_by_text("ĐVT: tỷ đồng").first.wait_for(timeout=WAIT)
    page.get_by_text("Nguồn số liệu").first.click()  # the sources fold into one line per section
    page.get_by_text("Nguồn: thu_ngan_sach_thi_xa_2023_05.xlsx").first.wait_for(timeout=WAIT)
    assert page.get_by_role("button", name="Tải Excel").count() == 2
    full_screenshot(page, artifacts / "thu-ngan-sach.png")


def test_revenue_without_land_use_fees_from_a_bookmark(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-ngan-sach?ky=n2023-5&tru_sdd=true", wait_until="networkidle")
    assert metric_value(page, "Lũy kế trừ SDĐ (tỷ đồng)") == "29,435"
    assert metric_value(page, "So dự toán, trừ SDĐ") == "43,04%"
    assert metric_value(page, "So cùng kỳ, trừ SDĐ") == "112,86%"
    full_screenshot(page, artifacts / "thu-ngan-sach-khong-ke-tien-su-dung-dat.png")


def test_revenue_of_pho_an_in_ty_dong_like_the_town(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/thu-ngan-sach?ky=n2023-7&dv=xa-pho-an", wait_until="networkidle")
    assert metric_value(page, "Lũy kế thu (tỷ đồng)") == "5,373"
    assert metric_value(page, "Dự toán năm (tỷ đồng)") == "7,722"
    page.get_by_text("Phổ An · 7 tháng đầu năm 2023 · số liệu đến hết tháng 7/2023").wait_for(timeout=WAIT)
    full_screenshot(page, artifacts / "thu-ngan-sach-pho-an.png")


def test_expenditure_january_to_may_2023(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/chi-ngan-sach?ky=n2023-5", wait_until="networkidle")
    assert metric_value(page, "Lũy kế chi (tỷ đồng)") == "227,025"
    assert metric_value(page, "Chi ngân sách so cùng kỳ") == "118,02%"
    chart_title(page, "Chi 5 tháng năm 2023 bằng 118,02% cùng kỳ năm 2022")
    full_screenshot(page, artifacts / "chi-ngan-sach.png")


def test_disbursement_at_31_may_2023_names_the_laggards(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/giai-ngan?ky=m2023-05", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ giải ngân") == "24,70%"
    assert metric_value(page, "Mốc giải ngân kế tiếp (60%)") == "30/06/2023"
    assert metric_value(page, "Chênh lệch so với mốc giải ngân") == "−35,30 điểm"
    page.get_by_text("còn 30 ngày đến mốc 30/06/2023").first.wait_for(timeout=WAIT)
    page.get_by_text("Chậm nhất: UBND xã Phổ Khánh (1,63%, −58,37 điểm)").wait_for(timeout=WAIT)
    chart_title(page, "Giải ngân 24,70% đến 31/05/2023: thấp hơn mốc 60% ngày 30/06/2023 là 35,30 điểm")
    page.get_by_test_id("stDataFrame").nth(3).wait_for(timeout=WAIT)  # sources, investors, projects, communes
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải Excel").nth(1).click()
    content = Path(download.value.path()).read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].value == "Giải ngân vốn đầu tư công theo chủ đầu tư — Toàn thị xã"
    assert [sheet.cell(6, c).value for c in range(1, 4)] == ["UBND xã Phổ Khánh", 1.63, -58.37]
    full_screenshot(page, artifacts / "giai-ngan.png")


def test_disbursement_of_pho_khanh_for_2023(samples, page, artifacts: Path):
    page.goto(f"{samples.url}/giai-ngan?ky=y2023&dv=xa-pho-khanh", wait_until="networkidle")
    assert metric_value(page, "Tỷ lệ giải ngân") == "51,81%"
    page.get_by_text("Phổ Khánh · Năm 2023 · số liệu ngày 31/12/2023").wait_for(timeout=WAIT)
    full_screenshot(page, artifacts / "giai-ngan-pho-khanh.png")
