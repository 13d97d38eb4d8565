"""Drawing headline KPI cards (dashboard.kpis.cards) and links to a detail page that keep the period and unit."""

from __future__ import annotations

from typing import Any

from streamlit.errors import StreamlitAPIException

from dashboard.kpis.cards import Card
from dashboard.views.overview_behind import Link
from ui.components import kpi
from ui.upload import literal


def changes_text(card: Card, *, previous_label: str | None, last_year_label: str) -> str:
    """'Chỉ tiêu 50% · so với Tháng 4/2023: +0,9 điểm · so với Tháng 5/2022: +17,9 điểm' (plain text)."""
    bits = [card.target_text] if card.target_text else []
    if card.delta_previous is not None and previous_label:
        bits.append(f"so với {previous_label}: {card.delta_previous}")
    if card.delta_last_year is not None:
        bits.append(f"so với {last_year_label}: {card.delta_last_year}")
    return " · ".join(bits)


def show_card(container: Any, card: Card, *, previous_label: str | None, last_year_label: str) -> None:
    """The metric (formula as tooltip, 'chưa có dữ liệu' when missing), its status word, target, changes, note."""
    kpi(
        container,
        card.label,
        card.value_text,
        definition=card.definition,
        status=card.status,
        delta=card.delta,
        delta_color=card.delta_color,
    )
    line = changes_text(card, previous_label=previous_label, last_year_label=last_year_label)
    if line:
        container.caption(literal(line))
    if card.note:
        container.caption(literal(card.note))


def detail_link(container: Any, link: Link, label: str) -> None:
    """st.page_link to the detail page with its query string; a plain Markdown link where the page is not
    registered with st.navigation (a page script run on its own, as in AppTest and the benchmark)."""
    try:
        container.page_link(f"pages/{link.page}", label=literal(label), query_params=link.query, icon="➡️")
    except StreamlitAPIException:
        container.markdown(f"➡️ [{literal(label)}]({link.url})")
