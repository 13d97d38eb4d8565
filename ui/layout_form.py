"""The upload page's question for a sheet the reader cannot tell: which kind, which column holds each field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st
from sqlmodel import Session

from base.kinds import BUDGET_EXPENDITURE as KIND_EXPENDITURE
from base.kinds import BUDGET_REVENUE as KIND_REVENUE
from base.kinds import DISBURSEMENT
from dashboard.access.auth import Account
from dashboard.importing.layouts import save_layout
from dashboard.store.db import get_engine
from data_loaders.base import column_letters
from data_loaders.registry import LOADERS, loader_of
from data_loaders.saved_layout import MONEY_UNITS, HeaderFound, Layout, guess_mapping
from ui import strings as txt
from ui.upload import literal

HEADS, DRAFTS, SAVED = "ioc_layout_heads", "ioc_layout_drafts", "ioc_layout_saved"
MONEY_KINDS = (KIND_REVENUE, KIND_EXPENDITURE, DISBURSEMENT)
KIND_CHOICES = {loader.kind: loader.title for loader in LOADERS if any(s.required for s in loader.fields)}


def remember_heads(sha256: str, unread: Sequence[HeaderFound]) -> None:
    """Keep the headers a file's plain check could not read: the question stays while a draft reads them."""
    if unread:
        st.session_state.setdefault(HEADS, {})[sha256] = list(unread)


def draft_for(sha256: str) -> Layout | None:
    """The layout the uploader has chosen so far for this file (None until a kind and every column is chosen)."""
    drafts: dict[str, Layout] = st.session_state.get(DRAFTS, {})
    return drafts.get(sha256)


def _key(sha256: str, head: HeaderFound, what: str) -> str:
    return f"layout_{sha256[:12]}_{head.row}_{what}"


def _letter(col: int) -> str:
    return column_letters({"c": col})["c"]


def layout_question(sha256: str, account: Account, users_units: Sequence[str]) -> None:
    """For the file's first unread sheet: its header, then the choices; the preview re-runs as they change."""
    heads: list[HeaderFound] = st.session_state.get(HEADS, {}).get(sha256, [])
    if not heads:
        return
    head = heads[0]
    with st.container(border=True):
        st.markdown(literal(txt.layout_form_text_he_thong_chua_nhan(sheet=head.sheet)))
        # A line, not a table: the page's last table stays the problems table.
        cells = " · ".join(f"{_letter(c)}: {t}" for c, t in head.cells)
        st.markdown(literal(txt.layout_form_text_dong_tieu_de_tim(number=head.row + 1, cells=cells)))
        kinds = list(KIND_CHOICES)
        kind = st.selectbox(
            txt.LAYOUT_FORM_LABEL_LOAI_BAO_CAO,
            kinds,
            index=None,
            format_func=lambda k: KIND_CHOICES[k],
            placeholder=txt.LAYOUT_FORM_PLACEHOLDER_CHON_LOAI_BAO_CAO,
            key=_key(sha256, head, "kind"),
        )
        loader = loader_of(kind) if kind else None
        if loader is None:
            _set_draft(sha256, None)
            return
        kind = loader.kind
        columns = [c for c, _ in head.cells]
        texts = dict(head.cells)
        guessed = guess_mapping(head.cells, loader.fields)
        mapping = {name: col for name, col in guessed.items()}
        missing: list[str] = []
        for spec in (s for s in loader.fields if s.required):
            chosen = st.selectbox(
                literal(txt.layout_form_label_cot(label=spec.label)),
                columns,
                index=columns.index(guessed[spec.name]) if spec.name in guessed else None,
                format_func=lambda c: f"{_letter(c)}: {texts[c]}",
                placeholder=txt.LAYOUT_FORM_PLACEHOLDER_CHON_COT,
                key=_key(sha256, head, f"{kind}_{spec.name}"),
            )
            if chosen is None:
                missing.append(spec.label)
                mapping.pop(spec.name, None)
            else:
                mapping[spec.name] = chosen
        money = None
        if kind in MONEY_KINDS:
            money = st.selectbox(
                txt.LAYOUT_FORM_LABEL_DON_VI_TIEN_KHI,
                MONEY_UNITS,
                index=None,
                placeholder=txt.LAYOUT_FORM_PLACEHOLDER_THEO_DONG_DVT_TRONG,
                key=_key(sha256, head, "money"),
            )
        unit = st.selectbox(
            txt.LAYOUT_FORM_LABEL_DON_VI_BAO_CAO,
            users_units,
            index=None,
            placeholder=txt.LAYOUT_FORM_PLACEHOLDER_THEO_TIEU_DE_TRONG,
            key=_key(sha256, head, "unit"),
        )
        period = st.text_input(
            txt.LAYOUT_FORM_LABEL_KY_BAO_CAO_CHI,
            key=_key(sha256, head, "period"),
        )
        name = st.text_input(
            txt.LAYOUT_FORM_LABEL_TEN_MAU_COT,
            value=f"{KIND_CHOICES[kind][:60]} – {head.sheet}",
            key=_key(sha256, head, f"{kind}_name"),
        )
        if missing:
            st.info(
                literal(txt.layout_form_info_con_phai_chon_cot(missing=", ".join(missing))),
                icon=":material/info:",
            )
            _set_draft(sha256, None)
            return
        draft = Layout(
            name=name,
            kind=kind,
            header=head.header,
            title_words=head.title_words,
            mapping=mapping,
            money_unit=money,
            owner=account.username,
            unit_text=unit or "",
            period_text=period.strip(),
        )
        changed = _set_draft(sha256, draft)
        if changed:
            st.rerun()  # the check above ran with the previous choice: run it again with this one
        if st.button(
            txt.LAYOUT_FORM_BUTTON_LUU_MAU_COT_VA, key=_key(sha256, head, "save"), icon=":material/save:"
        ):
            with Session(get_engine()) as session:
                row = save_layout(draft, account, session=session)
                session.commit()
                saved = replace(draft, layout_id=row.id, created_at=row.created_at)
            st.session_state.setdefault(SAVED, []).append(row.name)
            # The saved layout now reads the file by itself; only this file's unit and period answers remain.
            keep = saved if (saved.unit_text or saved.period_text) else None
            _set_draft(sha256, keep)
            st.session_state.get(HEADS, {}).pop(sha256, None)
            st.rerun()


def _set_draft(sha256: str, draft: Layout | None) -> bool:
    """Keep the file's draft; whether it changed (the check must then run again)."""
    drafts: dict[str, Layout] = st.session_state.setdefault(DRAFTS, {})
    before = drafts.get(sha256)
    if draft is None:
        drafts.pop(sha256, None)
    else:
        drafts[sha256] = draft
    return before != draft


def saved_notice() -> None:
    """Say once that a layout was saved (the rerun after saving lands here)."""
    for name in st.session_state.pop(SAVED, []):
        st.success(
            literal(txt.layout_form_success_da_luu_mau_cot(name=name)),
            icon=":material/check_circle:",
        )
