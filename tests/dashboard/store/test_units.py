"""The unit registry: seeding, the many spellings of a unit's name, mergers and their history."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from base.units import (
    bare_key,
    is_outside_body,
    looks_like_unit,
    match_key,
    names_in_sentence,
)
from dashboard.store.models import Unit, UnitAlias
from dashboard.store.units import (
    REGISTRY_CSV,
    UnitError,
    UnitMatcher,
    add_alias,
    add_unit,
    merge_units,
    seed_units,
)
from data_loaders.reasons import unknown_unit as unknown_unit_message

BEFORE, MERGER_DAY, AFTER = date(2025, 3, 1), date(2025, 7, 1), date(2025, 8, 1)


def _unit(session: Session, code: str) -> Unit:
    return session.exec(select(Unit).where(col(Unit.code) == code)).one()


def registry_before_2025(tmp_path: Path) -> Path:
    """The shipped registry as it stood until 30/6/2025: the 29 units, none ended, none merged yet."""
    with REGISTRY_CSV.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if not r["valid_from"]]
    for row in rows:
        row["valid_to"] = row["successor_code"] = ""
    path = tmp_path / "registry_before_2025.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert len(rows) == 29
    return path


@pytest.fixture
def matcher(session: Session) -> UnitMatcher:
    seed_units(session=session)
    return UnitMatcher.load(session=session)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Phổ An", "xa-pho-an"),
        ("Phở An", "xa-pho-an"),
        ("UBND xã Phổ An", "xa-pho-an"),
        ("XÃ PHỔ AN", "xa-pho-an"),
        ("  ubnd  xa pho an ", "xa-pho-an"),
        ("Ủy ban nhân dân xã Phổ An", "xa-pho-an"),
        ("P. TN&MT", "phong-tnmt"),
        ("Phòng TNMT", "phong-tnmt"),
        ("TN&MT", "phong-tnmt"),
        ("Phòng Tài nguyên và Môi trường", "phong-tnmt"),
        ("LĐ-TB&XH", "phong-ldtbxh"),
        ("TC-KH", "phong-tckh"),
        ("VH&TT", "phong-vhtt"),
        ("QLĐT", "phong-qldt"),
        ("GD&ĐT", "phong-gddt"),
        ("VP HĐND-UBND", "van-phong-hdnd-ubnd"),
        ("Ban QLDA ĐTXD và PTQĐ", "ban-qlda"),
        ("Phòng Lao động - Thương binh và Xã hội", "phong-ldtbxh"),
        ("UBND phường Nguyễn Nghiêm", "phuong-nguyen-nghiem"),
        ("Nguyễn Nghiêm", "phuong-nguyen-nghiem"),
        ("Thị xã Đức Phổ", "thi-xa-duc-pho"),
        ("P. Kinh tế", "phong-kinh-te"),
        ("Kinh tế", "phong-kinh-te"),
        ("Phòng Nội vụ", "co-quan-tc-nv"),
        ("P. Phổ Hòa", "phuong-pho-hoa"),
        ("phường Phổ Hoà", "phuong-pho-hoa"),
    ],
)
def test_spellings_match_their_unit(matcher: UnitMatcher, name: str, code: str) -> None:
    found = matcher.match(name, BEFORE)  # after 1/7/2025 "Nguyễn Nghiêm" is the new commune
    assert found is not None and found.code == code


@pytest.mark.parametrize("name", ["Phổ", "Sở Nội vụ", "Phổ Ann", "", "UBND", "Phòng"])
def test_unknown_names_do_not_match(matcher: UnitMatcher, name: str) -> None:
    assert matcher.match(name) is None


@pytest.mark.parametrize("name", ["Pho Ann", "Phổ Anh", "UBND xã Phổ Ann"])
def test_suggestions_put_the_right_unit_first(matcher: UnitMatcher, name: str) -> None:
    suggestions = matcher.suggest(name)
    assert suggestions[0].code == "xa-pho-an"
    assert 1 <= len(suggestions) <= 3 and len({s.id for s in suggestions}) == len(suggestions)
    message = unknown_unit_message(name, suggestions)
    assert message.startswith(f'Không tìm thấy đơn vị "{name}" trong danh mục. Có phải là: Phổ An')
    assert "alias" in message


def test_suggestions_are_never_empty_and_stay_close(matcher: UnitMatcher) -> None:
    assert len(matcher.suggest("xyz")) == 1
    assert [s.code for s in matcher.suggest("Sở Nội vụ")] == ["co-quan-tc-nv"]
    assert matcher.suggest("Phổ An", limit=0) == []
    assert UnitMatcher([], []).suggest("Phổ An") == []


def test_keys() -> None:
    assert match_key("P. Kinh tế") == "phong kinh te"
    assert match_key("Ủy ban nhân dân phường Nguyễn Nghiêm") == "phuong nguyen nghiem"
    assert match_key("UBND thị xã Đức Phổ") == "thi xa duc pho"
    assert match_key("Phổ Phong") == "pho phong"
    assert bare_key("thi xa duc pho") == "duc pho"
    assert bare_key("xa pho an") == "pho an"
    assert bare_key("thi xa") == "thi xa"
    assert bare_key("phong kinh te") == "phong kinh te"


def test_seed_adds_34_units_once_and_keeps_admin_edits(session: Session) -> None:
    assert seed_units(session=session) == 34  # 29 until 30/6/2025, and the 5 wards and communes since
    units = session.exec(select(Unit)).all()
    assert Counter(u.kind for u in units) == {"town": 1, "office": 13, "ward": 8 + 3, "commune": 7 + 2}
    aliases = len(session.exec(select(UnitAlias)).all())
    pho_an = _unit(session, "xa-pho-an")
    pho_an.full_name = "UBND xã Phổ An (đã sửa)"
    session.add(pho_an)
    session.flush()

    assert seed_units(session=session) == 0
    assert len(session.exec(select(Unit)).all()) == 34
    assert len(session.exec(select(UnitAlias)).all()) == aliases
    assert _unit(session, "xa-pho-an").full_name == "UBND xã Phổ An (đã sửa)"


def test_all_is_in_sort_order(matcher: UnitMatcher) -> None:
    units = matcher.all()
    assert units[0].code == "thi-xa-duc-pho"
    assert [u.kind for u in units] == ["town"] + ["office"] * 13 + ["ward"] * 11 + ["commune"] * 9
    assert matcher.by_id(units[5].id) == units[5]


def test_seed_from_another_csv_links_successors(session: Session, tmp_path: Path) -> None:
    csv_path = tmp_path / "units.csv"
    csv_path.write_text(
        "code,name,full_name,kind,valid_from,valid_to,successor_code,sort_order,aliases\n"
        "xa-cu,Phổ Cũ,UBND xã Phổ Cũ,commune,,2025-06-30,xa-moi,1,Xã Cũ|Phổ An\n"
        "xa-moi,Phổ Mới,,commune,2025-07-01,,,2,\n",
        encoding="utf-8",
    )
    seed_units(session=session)
    assert seed_units(session=session, csv_path=csv_path) == 2
    old, new = _unit(session, "xa-cu"), _unit(session, "xa-moi")
    assert old.successor_id == new.id and old.valid_to == date(2025, 6, 30)
    assert new.full_name == "Phổ Mới" and new.valid_from == MERGER_DAY
    matcher = UnitMatcher.load(session=session)
    assert matcher.family(new.id or 0) == {new.id, old.id}
    found = matcher.match("Phổ An")  # the alias was already taken: it stays with its unit
    assert found is not None and found.code == "xa-pho-an"


def test_merger_makes_a_family(session: Session, tmp_path: Path) -> None:
    seed_units(session=session, csv_path=registry_before_2025(tmp_path))
    new = add_unit(session=session, code="phuong-sa-huynh", name="Sa Huỳnh", full_name="", kind="ward")
    merge_units(
        session=session,
        old_codes=["phuong-pho-thanh", "xa-pho-chau"],
        into_code="phuong-sa-huynh",
        on=MERGER_DAY,
    )
    matcher = UnitMatcher.load(session=session)
    old_ids = {_unit(session, c).id for c in ("phuong-pho-thanh", "xa-pho-chau")}
    assert matcher.family(new.id or 0) == {new.id, *old_ids}
    assert matcher.family(next(iter(old_ids)) or 0) == {next(iter(old_ids))}
    old = matcher.match("Phổ Thạnh")
    assert old is not None and old.valid_to == date(2025, 6, 30) and old.successor_id == new.id
    found = matcher.match("UBND phường Sa Huỳnh")
    assert found is not None and found.id == new.id and found.valid_from == MERGER_DAY
    assert found.full_name == "Sa Huỳnh"
    assert [u.code for u in matcher.all()].index("phuong-sa-huynh") == 1 + 13 + 8  # after the seeded wards


def test_merger_refuses_loops(session: Session, tmp_path: Path) -> None:
    seed_units(session=session, csv_path=registry_before_2025(tmp_path))
    with pytest.raises(UnitError):
        merge_units(session=session, old_codes=["xa-pho-an"], into_code="xa-pho-an", on=MERGER_DAY)
    merge_units(session=session, old_codes=["xa-pho-an"], into_code="xa-pho-nhon", on=MERGER_DAY)
    with pytest.raises(UnitError, match="sáp nhập"):
        merge_units(session=session, old_codes=["xa-pho-nhon"], into_code="xa-pho-an", on=AFTER)
    with pytest.raises(UnitError, match="khong-co"):
        merge_units(session=session, old_codes=["khong-co"], into_code="xa-pho-an", on=AFTER)


def test_a_name_shared_by_an_old_ward_and_a_new_commune_resolves_by_date(
    session: Session, tmp_path: Path
) -> None:
    seed_units(session=session, csv_path=registry_before_2025(tmp_path))
    add_unit(session=session, code="phuong-tra-cau", name="Trà Câu", full_name="", kind="ward")
    merge_units(
        session=session, old_codes=["phuong-nguyen-nghiem"], into_code="phuong-tra-cau", on=MERGER_DAY
    )
    commune = add_unit(
        session=session,
        code="xa-nguyen-nghiem",
        name="Nguyễn Nghiêm",
        full_name="UBND xã Nguyễn Nghiêm",
        kind="commune",
        valid_from=MERGER_DAY,
    )
    matcher = UnitMatcher.load(session=session)

    def code(name: str, on: date) -> str | None:
        found = matcher.match(name, on)
        return found.code if found else None

    assert code("Nguyễn Nghiêm", BEFORE) == "phuong-nguyen-nghiem"
    assert code("Nguyễn Nghiêm", AFTER) == "xa-nguyen-nghiem"
    assert code("UBND phường Nguyễn Nghiêm", AFTER) == "phuong-nguyen-nghiem"
    assert code("xã Nguyễn Nghiêm", BEFORE) == "xa-nguyen-nghiem"
    assert code("Nguyen Nghiem", date(2025, 6, 30)) == "phuong-nguyen-nghiem"
    suggestions = matcher.suggest("Nguyen Ngiem")
    assert {s.code for s in suggestions[:2]} == {"phuong-nguyen-nghiem", commune.code}
    message = unknown_unit_message("Nguyen Ngiem", suggestions[:2])
    assert "UBND phường Nguyễn Nghiêm" in message and "UBND xã Nguyễn Nghiêm" in message


def test_add_alias(session: Session) -> None:
    seed_units(session=session)
    pho_an = _unit(session, "xa-pho-an")
    with pytest.raises(UnitError, match="Phòng Tài nguyên và Môi trường") as info:
        add_alias(session=session, unit=pho_an, alias="TNMT")
    assert "TNMT" in info.value.message
    with pytest.raises(UnitError):
        add_alias(session=session, unit=pho_an, alias=" -- ")
    assert add_alias(session=session, unit=pho_an, alias="Phổ An").unit_id == pho_an.id  # already its own
    add_alias(session=session, unit=pho_an, alias="Phổ-An cũ")
    found = UnitMatcher.load(session=session).match("pho an cu")
    assert found is not None and found.code == "xa-pho-an"


def test_add_unit_checks_before_writing(session: Session) -> None:
    seed_units(session=session)
    with pytest.raises(UnitError, match="TNMT"):
        add_unit(
            session=session, code="xa-moi", name="Xã Mới", full_name="", kind="commune", aliases=["TNMT"]
        )
    with pytest.raises(UnitError, match="đã có"):
        add_unit(session=session, code="xa-pho-an", name="Phổ An 2", full_name="", kind="commune")
    with pytest.raises(UnitError, match="không hợp lệ"):
        add_unit(session=session, code="so-noi-vu", name="Sở Nội vụ", full_name="", kind="department")
    assert len(session.exec(select(Unit)).all()) == 34
    unit = add_unit(
        session=session, code="phong-moi", name="Phòng Dân tộc", full_name="", kind="office", aliases=["DT"]
    )
    matcher = UnitMatcher.load(session=session)
    for name in ("Phòng Dân tộc", "P. Dân tộc", "Dân tộc", "DT", "Phòng DT"):
        found = matcher.match(name)
        assert found is not None and found.id == unit.id, name


# --- names as other agencies write them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("UBND XÃ PH\u200bỔ AN", "xa-pho-an"),  # zero-width space inside a word
        ("\ufeffUBND xã Phổ\u200d An", "xa-pho-an"),  # byte-order mark, zero-width joiner
        ("UBND xã \u202bPhổ An\u202c", "xa-pho-an"),  # bidi embedding
        ("Phổ Hòa\u00ad", "phuong-pho-hoa"),  # soft hyphen
        ("UBND xa\u0303 Pho\u0302\u0309 An", "xa-pho-an"),  # decomposed (NFD) accents
        ("VP HĐND-UBND thị xã", "van-phong-hdnd-ubnd"),
        ("VP HĐND-UBND thị xã Đức Phổ", "van-phong-hdnd-ubnd"),
        ("Phòng Kinh tế thị xã", "phong-kinh-te"),
        ("Phường Phổ Hòa - tỉnh Quảng Ngãi", "phuong-pho-hoa"),
        ("UBND xã Phổ An, thị xã Đức Phổ, tỉnh Quảng Ngãi", "xa-pho-an"),
        ("Thanh tra thị xã", "thanh-tra"),  # "thị xã" is part of its own name
        ("UBND thị xã", "thi-xa-duc-pho"),
    ],
)
def test_invisible_characters_and_trailing_places_do_not_defeat_a_match(
    matcher: UnitMatcher, name: str, code: str
) -> None:
    unit = matcher.match(name)
    assert unit is not None and unit.code == code


@pytest.mark.parametrize(
    "name",
    ["thị xã", "tỉnh Quảng Ngãi", "UBND xã Phổ Lợi thị xã", "Thanh tra tỉnh", "Phòng Nội vụ tỉnh Quảng Ngãi"],
)
def test_a_place_alone_or_an_unknown_unit_with_a_place_does_not_match_a_commune(
    matcher: UnitMatcher, name: str
) -> None:
    unit = matcher.match(name)
    assert unit is None or unit.kind == "town"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("BÁO CÁO CHI NGÂN SÁCH NHÀ NƯỚC XÃ PHỔ AN NĂM 2024", ["XÃ PHỔ AN"]),
        ("BÁO CÁO … XÃ PHỔ AN 9 THÁNG NĂM 2024", ["XÃ PHỔ AN"]),
        ("KẾT QUẢ GIẢI QUYẾT TTHC TẠI UBND XÃ PHỔ AN", ["UBND XÃ PHỔ AN"]),
        ("Đơn vị báo cáo: UBND xã Phổ Lợi", ["UBND xã Phổ Lợi"]),
        ("xã Phổ An, tỉnh Quảng Ngãi", ["xã Phổ An"]),
        ("UBND THỊ XÃ ĐỨC PHỔ\nPHÒNG TÀI CHÍNH - KẾ HOẠCH", ["UBND THỊ XÃ ĐỨC PHỔ"]),
        ("Phường Nguyễn Nghiêm và xã Phổ Châu", ["Phường Nguyễn Nghiêm", "xã Phổ Châu"]),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
        ("TÌNH HÌNH KINH TẾ - XÃ HỘI 6 THÁNG", []),
        ("các xã, phường trên địa bàn thị xã", []),
        ("KẾ HOẠCH XÂY DỰNG XÃ ĐẠT CHUẨN NÔNG THÔN MỚI", []),
        ("tình hình xã đạt chuẩn", []),
    ],
)
def test_names_in_sentence(text: str, names: list[str]) -> None:
    assert names_in_sentence(text) == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND xã Phổ Lợi", True),
        ("phường Phổ Lợi", True),
        ("Xã Bình Sơn", True),
        ("Phòng Ngoại giao", True),
        ("Ủy ban nhân dân xã Phổ Lợi", True),
        ("Xã hội hóa giáo dục", False),
        ("Phòng chống thiên tai", False),
        ("BÁO CÁO THU NGÂN SÁCH", False),
        ("Đơn vị tính: triệu đồng", False),
    ],
)
def test_looks_like_unit(text: str, expected: bool) -> None:
    assert looks_like_unit(text) is expected


@pytest.mark.parametrize(
    ("name", "outside"),
    [
        ("Sở Nội vụ", True),
        ("Cục Thuế tỉnh Quảng Ngãi", True),
        ("Tổng cục Thống kê", True),
        ("Chi cục Thuế khu vực Đức Phổ - Ba Tơ", True),
        ("Bộ Chỉ huy quân sự tỉnh", True),
        ("Ban Chỉ huy quân sự thị xã", True),
        ("Công an thị xã", True),
        ("UBND tỉnh", True),
        ("Phòng Kinh tế", False),
        ("UBND xã Phổ An", False),
        ("Phòng Ngoại giao", False),
    ],
)
def test_outside_bodies(name: str, outside: bool) -> None:
    assert is_outside_body(name) is outside


def test_a_commune_name_is_suggested_communes(matcher: UnitMatcher) -> None:
    # "Phổ Lợi" alone is closest to the ward Phổ Hòa; written "xã Phổ Lợi" it is a commune, so communes come.
    assert [u.name for u in matcher.suggest("Phổ Lợi")] == ["Phổ Hòa"]
    assert [u.kind for u in matcher.suggest("UBND xã Phổ Lợi")] == ["commune"] * 3
    assert [u.kind for u in matcher.suggest("phường Phổ Lợi")] == ["ward"] * 3
