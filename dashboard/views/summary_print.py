"""The overview as a one-page printable summary (A4, Vietnamese): a standalone HTML file to print for a meeting.

Every piece of data text (unit, period, labels, file and user names in the sources) is HTML-escaped, so a name
such as "<script>" prints as written and nothing in the file can run.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from base.formatting import MISSING, NO_DATA, vn_date
from dashboard.kpis import STATUS_LABELS
from dashboard.kpis.cards import Card
from dashboard.views.overview import AREA_PAGES, Overview

SOURCE_TITLES = {area: title for area, (_page, _path, title) in AREA_PAGES.items()} | {"targets": "Chỉ tiêu"}
STYLE = """
@page { size: A4 portrait; margin: 12mm 12mm 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10pt;
       color: #1B2733; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 1mm 0; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; border-bottom: 1px solid #8A96A3; }
p.meta { margin: 0 0 2mm 0; color: #333; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
th, td { border: 1px solid #A9B2BC; padding: 1mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #DDE6F0; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.met { color: #00704F; font-weight: 600; } .close { color: #8A5A00; font-weight: 600; }
.behind { color: #A33B00; font-weight: 600; }
ol { margin: 0; padding-left: 6mm; } ol li { margin-bottom: 1mm; }
ul.sources { margin: 0; padding-left: 5mm; font-size: 8.5pt; color: #333; }
p.foot { font-size: 8pt; color: #555; margin-top: 3mm; }
"""


def status_cell(card: Card) -> str:
    """'✅ Đạt' in its colour class, or a dash without a target or a value (never colour alone)."""
    if card.status is None:
        return f"<td>{MISSING}</td>"
    icon, word = STATUS_LABELS[card.status]
    return f'<td class="{escape(card.status)}">{escape(icon)} {escape(word)}</td>'


def card_row(card: Card) -> str:
    value = NO_DATA if card.value_text in ("", MISSING) else card.value_text
    cells = [
        f"<td>{escape(SOURCE_TITLES.get(card.area, card.area))}</td>",
        f"<td>{escape(card.label)}</td>",
        f'<td class="num">{escape(value)}</td>',
        status_cell(card),
        f"<td>{escape(card.target_text or MISSING)}</td>",
        f'<td class="num">{escape(card.delta_previous or MISSING)}</td>',
        f'<td class="num">{escape(card.delta_last_year or MISSING)}</td>',
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def summary_html(model: Overview, *, generated_at: datetime) -> str:
    """The whole page: title, scope, headline KPIs with status words, the five most behind, sources."""
    previous = model.previous_label or "kỳ trước"
    head = (
        "<tr><th>Lĩnh vực</th><th>Chỉ số</th><th>Giá trị</th><th>Đánh giá</th><th>Chỉ tiêu / mốc</th>"
        f"<th>So với {escape(previous)}</th><th>So với {escape(model.last_year_label)}</th></tr>"
    )
    rows = "".join(card_row(c) for c in model.cards)
    behind = (
        "<ol>"
        + "".join(f"<li><strong>{escape(b.label)}</strong>: {escape(b.figure)}</li>" for b in model.behind)
        + "</ol>"
        if model.behind
        else "<p>Không có việc nào chậm so với chỉ tiêu trong kỳ.</p>"
    )
    sources = "".join(
        f"<li>{escape(SOURCE_TITLES.get(area, area))}: {escape(line.removeprefix('Nguồn: '))}</li>"
        for area, line in model.sources.items()
    )
    title = f"Tổng quan — {model.unit_label} — {model.period_label}"
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(title)}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>Tình hình thực hiện các chỉ tiêu — {escape(model.unit_label)}</h1>
<p class="meta">Kỳ: <strong>{escape(model.period_label)}</strong> · số liệu tính đến ngày {escape(vn_date(model.as_of))}
 · lập lúc {escape(generated_at.strftime("%H:%M %d/%m/%Y"))}</p>
<h2>Chỉ số chính</h2>
<table>
<thead>{head}</thead>
<tbody>{rows}</tbody>
</table>
<h2>5 việc chậm nhất</h2>
{behind}
<h2>Nguồn số liệu</h2>
<ul class="sources">{sources}</ul>
<p class="foot">Thay đổi của tỷ lệ tính bằng điểm phần trăm. “{escape(NO_DATA)}”: kỳ này chưa có báo cáo, không phải số 0.
 Bảng điều khiển IOC thị xã Đức Phổ.</p>
</body>
</html>
"""
