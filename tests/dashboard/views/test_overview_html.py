"""The overview's status matrix as HTML: one row per unit, one cell per area, colour and word together, escaped."""

from __future__ import annotations

import re

from base.units import UnitRef
from dashboard.views.overview_html import MATRIX_HEIGHT_PX, matrix_html
from dashboard.views.overview_matrix import MATRIX_AREAS, Cell, MatrixRow

PHO_AN = UnitRef(1, "xa-pho-an", "Phổ An", "UBND xã Phổ An", "commune", None, None, None)


def _row(title: str, looks: dict[str, str], url: str = "?ky=m2023-05&dv=xa-pho-an") -> MatrixRow:
    cells = {
        area: Cell(looks.get(area, "none"), "🔴 Chậm", "80,74%", note=f"ghi chú {area}", url=f"/{area}")
        for area in MATRIX_AREAS
    }
    return MatrixRow(PHO_AN, title, url, cells)


def test_one_header_per_area_after_the_unit_heading_with_its_meaning_as_tooltip():
    html = matrix_html([])
    headings = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert headings == ["Đơn vị", "Hồ sơ TTHC", "Thu NS", "Chi NS", "Giải ngân", "Nhiệm vụ", "Chỉ số 766"]
    assert '<th title="Tỷ lệ giải quyết đúng hạn">Hồ sơ TTHC</th>' in html
    assert "<tbody></tbody>" in html


def test_each_unit_row_links_its_name_and_every_cell():
    html = matrix_html([_row("xã Phổ An", {}), _row("xã Phổ Châu", {})])
    assert html.count("<tr>") == 3  # the heading and two units
    assert (
        '<td class="unit"><a href="?ky=m2023-05&amp;dv=xa-pho-an" target="_self">xã Phổ An</a></td>' in html
    )
    assert html.count('<td class="cell ') == 2 * len(MATRIX_AREAS)
    assert '<a href="/tasks" target="_self">🔴 Chậm 80,74%</a>' in html


def test_the_look_gives_class_and_colours():
    looks = {"dossiers": "met", "revenue": "close", "expenditure": "behind", "disbursement": "not_reported"}
    html = matrix_html([_row("xã Phổ An", looks)])
    assert '<td class="cell met" style="background:#E6F4EA;color:#1E5631" title="ghi chú dossiers">' in html
    assert '<td class="cell close" style="background:#FFF4DB;color:#7A4B00"' in html
    assert '<td class="cell behind" style="background:#FDE7E7;color:#8A1C1C"' in html
    assert '<td class="cell not_reported" style="background:#FFFFFF;color:#8A1C1C"' in html
    assert html.count('<td class="cell none" style="background:#F5F6F8;color:#5F6B7A"') == 2  # tasks, 766


def test_text_from_files_is_escaped():
    html = matrix_html([_row('<script>x</script> "A"', {}, url='"><img src=x>')])
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; &quot;A&quot;" in html
    assert 'href="&quot;&gt;&lt;img src=x&gt;"' in html


def test_the_box_has_a_fixed_height_and_scrolls_inside_itself():
    html = matrix_html([])
    assert f"max-height:{MATRIX_HEIGHT_PX}px; overflow-y:auto" in html
    assert html.startswith("<style>")
    assert 'data-testid="ioc-status-matrix"' in html
