"""The overview's status matrix as an HTML table in a fixed-height box that scrolls inside itself.

Plain HTML (no Streamlit): a leader's laptop shows the five most behind and the matrix on the first screen, and a
long list of units scrolls inside the box instead of pushing the rest of the page down.
"""

from __future__ import annotations

from html import escape

from dashboard.views.overview_matrix import MATRIX_AREAS, MatrixRow

MATRIX_HEIGHT_PX = 330
# look -> (background, text colour); the word beside the colour carries the meaning (never colour alone)
_LOOKS = {
    "met": ("#E6F4EA", "#1E5631"),
    "close": ("#FFF4DB", "#7A4B00"),
    "behind": ("#FDE7E7", "#8A1C1C"),
    "not_reported": ("#FFFFFF", "#8A1C1C"),
    "none": ("#F5F6F8", "#5F6B7A"),
}
CSS = f"""<style>
.ioc-matrix {{max-height:{MATRIX_HEIGHT_PX}px; overflow-y:auto; border:1px solid #D5DAE1; border-radius:6px}}
.ioc-matrix table {{border-collapse:separate; border-spacing:0; width:100%; font-size:13px; line-height:1.25}}
.ioc-matrix th {{position:sticky; top:0; background:#EEF1F5; z-index:1; text-align:left; padding:4px 6px;
  font-weight:600; border-bottom:1px solid #D5DAE1}}
.ioc-matrix td {{padding:3px 6px; border-bottom:1px solid #EEF1F5; white-space:nowrap}}
.ioc-matrix td.unit a {{color:#0B4F8A; text-decoration:none; font-weight:600}}
.ioc-matrix td.cell a {{color:inherit; text-decoration:none; display:block}}
.ioc-matrix td.not_reported {{outline:1px dashed #C0392B; outline-offset:-3px; font-style:italic}}
</style>"""


def matrix_html(rows: list[MatrixRow]) -> str:
    """The table: a unit per row (its name links to its own overview), an area per column."""
    head = "".join(f'<th title="{escape(d)}">{escape(h)}</th>' for _ds, h, d in MATRIX_AREAS.values())
    body = []
    for row in rows:
        cells = [f'<td class="unit"><a href="{escape(row.url)}" target="_self">{escape(row.title)}</a></td>']
        for area in MATRIX_AREAS:
            cell = row.cells[area]
            background, colour = _LOOKS[cell.look]
            cells.append(
                f'<td class="cell {cell.look}" style="background:{background};color:{colour}" '
                f'title="{escape(cell.note)}"><a href="{escape(cell.url)}" target="_self">{escape(cell.text)}</a></td>'
            )
        body.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f'{CSS}<div class="ioc-matrix" data-testid="ioc-status-matrix"><table>'
        f"<thead><tr><th>Đơn vị</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
