"""The registry of administrative units as stored: seeding, adding, aliases, mergers, and the matcher over it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlmodel import Session, col, func, select

from base import units as names
from base.units import KINDS, UnitRef, match_key
from dashboard.settings import get_settings
from dashboard.store.models import Unit, UnitAlias
from dashboard.store.read_memo import memoised

REGISTRY_CSV = (
    Path(__file__).resolve().parents[1] / "unit_registry.csv"
)  # a deployment file, beside settings.py


REGISTRY_COLUMNS = (
    "code", "name", "full_name", "kind", "valid_from", "valid_to", "successor_code", "sort_order", "aliases",
    "portal_code",
)  # fmt: skip


# Units added later go after the seeded ones of their kind (town 0, offices 10…, wards 100…, communes 200…).
_KIND_BASE = {"town": 0, "office": 10, "ward": 100, "commune": 200, "province": 300, "other": 400}


class UnitError(Exception):
    """A registry change that cannot be made; `.message` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _alias_owners(*, session: Session) -> dict[str, int]:
    """Every alias key in the registry and the unit it belongs to."""
    rows = session.exec(select(UnitAlias.alias_norm, UnitAlias.unit_id)).all()
    return {key: unit_id for key, unit_id in rows}


def _register(unit_id: int, spellings: Iterable[str], taken: dict[str, int], *, session: Session) -> None:
    """Add the spellings whose key is still free; a key owned by another unit is left to it."""
    for spelling in spellings:
        key = match_key(spelling)
        if key and key not in taken:
            session.add(UnitAlias(unit_id=unit_id, alias=spelling.strip(), alias_norm=key))
            taken[key] = unit_id


def _unit_id(unit: Unit) -> int:
    """The id of a stored unit (flushing is what assigns it)."""
    if unit.id is None:
        raise UnitError(f'Đơn vị "{unit.name}" chưa được lưu vào danh mục.')
    return unit.id


def _check(code: str, name: str, kind: str, valid_from: date | None, valid_to: date | None) -> None:
    """Reject a unit the dashboard could not show or date correctly."""
    if not code or not name:
        raise UnitError("Mã và tên đơn vị không được để trống.")
    if kind not in KINDS:
        raise UnitError(f'Loại đơn vị "{kind}" của {code} không hợp lệ; chọn một trong: {", ".join(KINDS)}.')
    if valid_from and valid_to and valid_from > valid_to:
        raise UnitError(f"Ngày bắt đầu hiệu lực của {code} phải trước ngày hết hiệu lực.")


def read_registry_csv(text: str) -> list[dict[str, str]]:
    """The rows of a registry CSV as trimmed strings (a missing column reads as empty)."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def seed_units(*, session: Session, csv_path: Path | None = None) -> int:
    """Insert the registry CSV's units that are missing (by code) with their aliases; return how many."""
    from dashboard.store.portal_codes import record_portal_codes  # it reads the units this inserts

    rows = read_registry_csv((csv_path or REGISTRY_CSV).read_text(encoding="utf-8-sig"))
    added = insert_units(session=session, rows=rows)
    record_portal_codes(session=session, rows=rows)
    return added


def insert_units(*, session: Session, rows: list[dict[str, str]]) -> int:
    """Insert the registry rows whose code is missing, with their aliases and successors; return how many."""
    rows = [{c: row.get(c, "") for c in REGISTRY_COLUMNS} for row in rows]
    by_code = {u.code: u for u in session.exec(select(Unit)).all()}
    new: list[tuple[Unit, dict[str, str]]] = []
    for row in rows:
        if not row["code"] or row["code"] in by_code:
            continue  # existing units are the admin's: never touched again
        cells = {k: v for k, v in row.items() if v and k in Unit.model_fields and k != "successor_id"}
        try:  # empty cells are left out so they take the column defaults (no date, sort order 0)
            unit = Unit.model_validate({"full_name": row["name"], **cells})
        except ValidationError as exc:
            raise UnitError(f"Dòng {row['code']} của danh mục không hợp lệ: {exc}") from None
        _check(unit.code, unit.name, unit.kind, unit.valid_from, unit.valid_to)
        session.add(unit)
        by_code[unit.code] = unit
        new.append((unit, row))
    session.flush()
    taken = _alias_owners(session=session)
    # Own names first for every unit, so a loose alias of one unit cannot take another unit's name.
    for unit, _row in new:
        _register(
            _unit_id(unit),
            names.primary_spellings(unit.name, unit.full_name, unit.kind),
            taken,
            session=session,
        )
    for unit, row in new:
        aliases = row["aliases"].split("|") if row["aliases"] else []
        _register(
            _unit_id(unit), names.secondary_spellings(unit.name, unit.kind, aliases), taken, session=session
        )
    for unit, row in new:
        if row["successor_code"]:
            if row["successor_code"] not in by_code:
                raise UnitError(f"Không có đơn vị kế thừa {row['successor_code']} của {unit.code}.")
            unit.successor_id = _unit_id(by_code[row["successor_code"]])
            session.add(unit)
    session.flush()
    return len(new)


def add_alias(*, session: Session, unit: Unit, alias: str) -> UnitAlias:
    """Register another spelling of the unit's name; it is an error if the spelling names another unit."""
    unit_id = _unit_id(unit)
    key = match_key(alias)
    if not key:
        raise UnitError("Tên gọi khác không được để trống.")
    existing = session.exec(select(UnitAlias).where(col(UnitAlias.alias_norm) == key)).first()
    if existing is not None:
        if existing.unit_id == unit_id:
            return existing
        owner = session.get(Unit, existing.unit_id)
        owner_name = owner.name if owner is not None else f"#{existing.unit_id}"
        raise UnitError(
            f'Tên "{alias.strip()}" đã là tên gọi của đơn vị "{owner_name}", '
            f'không thể dùng làm tên gọi khác của "{unit.name}".'
        )
    row = UnitAlias(unit_id=unit_id, alias=alias.strip(), alias_norm=key)
    session.add(row)
    session.flush()
    return row


def add_unit(
    *,
    session: Session,
    code: str,
    name: str,
    full_name: str,
    kind: str,
    aliases: Sequence[str] = (),
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> Unit:
    """Create a unit with its generated aliases and the given ones (which must not name another unit)."""
    code, name, full_name = code.strip(), name.strip(), full_name.strip() or name.strip()
    _check(code, name, kind, valid_from, valid_to)
    if session.exec(select(Unit).where(col(Unit.code) == code)).first() is not None:
        raise UnitError(f'Mã đơn vị "{code}" đã có trong danh mục.')
    taken = _alias_owners(session=session)
    for alias in aliases:  # checked before anything is written, so a refused unit leaves no trace
        if not match_key(alias):
            raise UnitError("Tên gọi khác không được để trống.")
        if match_key(alias) in taken:
            raise UnitError(f'Tên "{alias.strip()}" đã là tên gọi của một đơn vị khác trong danh mục.')
    last = session.exec(select(func.max(Unit.sort_order)).where(col(Unit.kind) == kind)).one()
    order = _KIND_BASE[kind] if last is None else int(last) + 1
    unit = Unit(code=code, name=name, full_name=full_name, kind=kind, sort_order=order)
    unit.valid_from, unit.valid_to = valid_from, valid_to
    session.add(unit)
    session.flush()
    unit_id = _unit_id(unit)
    _register(unit_id, [*aliases, *names.primary_spellings(name, full_name, kind)], taken, session=session)
    _register(unit_id, names.secondary_spellings(name, kind, aliases), taken, session=session)
    session.flush()
    return unit


def _unit_by_code(code: str, *, session: Session) -> Unit:
    """The unit with that code, or a UnitError naming the missing code."""
    unit = session.exec(select(Unit).where(col(Unit.code) == code)).first()
    if unit is None:
        raise UnitError(f'Không có đơn vị mã "{code}" trong danh mục.')
    return unit


def merge_units(*, session: Session, old_codes: list[str], into_code: str, on: date) -> None:
    """Record that the old units ended the day before `on` and continue as `into_code`."""
    if into_code in old_codes:
        raise UnitError("Đơn vị mới không thể nằm trong danh sách đơn vị được sáp nhập.")
    into = _unit_by_code(into_code, session=session)
    olds = [_unit_by_code(code, session=session) for code in old_codes]
    old_ids = {_unit_id(u) for u in olds}
    # A successor chain must never loop, or family() and the history views would never end.
    chain, cursor = set[int](), into.successor_id
    while cursor is not None and cursor not in chain:
        chain.add(cursor)
        cursor = getattr(session.get(Unit, cursor), "successor_id", None)
    if chain & old_ids:
        raise UnitError(f'Đơn vị "{into.name}" đã được sáp nhập vào một trong các đơn vị cũ.')
    last_day = on - timedelta(days=1)
    for old in olds:
        if old.valid_from is not None and old.valid_from > last_day:
            raise UnitError(f'Đơn vị "{old.name}" bắt đầu hiệu lực sau ngày sáp nhập.')
        old.valid_to = last_day
        old.successor_id = _unit_id(into)
        session.add(old)
    if into.valid_from is None:  # otherwise the shared old name would stay ambiguous before `on`
        into.valid_from = on
        session.add(into)
    session.flush()


def record_registry_ends(*, session: Session, rows: list[dict[str, str]]) -> int:
    """Give units already stored the end date and successor the registry rows record, where they have none.

    A database seeded before a reorganisation has the old units without an end: the migration that ships the
    reorganisation ends them here. A unit an admin already ended or merged is left as the admin recorded it.
    """
    by_code = {u.code: u for u in session.exec(select(Unit)).all()}
    changed = 0
    for row in rows:
        unit = by_code.get(row.get("code", ""))
        if unit is None or unit.valid_to is not None or unit.successor_id is not None:
            continue
        successor = by_code.get(row.get("successor_code", ""))
        if not row.get("valid_to") or (row.get("successor_code") and successor is None):
            continue
        unit.valid_to = date.fromisoformat(row["valid_to"])
        unit.successor_id = None if successor is None else _unit_id(successor)
        session.add(unit)
        changed += 1
    session.flush()
    return changed


class UnitMatcher(names.UnitMatcher):
    """The matcher over the stored registry, rooted at the configured root unit (IOC_ROOT_UNIT)."""

    @classmethod
    def load(cls, *, session: Session) -> UnitMatcher:
        """Read the whole registry (it is small) into a matcher that needs no session afterwards."""
        return memoised("unit_matcher", lambda: cls._read(session=session), session=session)

    @classmethod
    def _read(cls, *, session: Session) -> UnitMatcher:
        units = session.exec(select(Unit).order_by(col(Unit.sort_order), col(Unit.code))).all()
        fields_ = [f.name for f in fields(UnitRef)]
        refs = [UnitRef(**{name: getattr(u, name) for name in fields_}) for u in units]
        aliases = session.exec(select(UnitAlias.alias, UnitAlias.unit_id)).all()
        return cls(refs, [(alias, unit_id) for alias, unit_id in aliases], get_settings().root_unit)


def root_unit(units: Iterable[UnitRef], root_code: str | None = None) -> UnitRef | None:
    """The deployment's root unit (setting IOC_ROOT_UNIT unless given); None if the registry does not list it."""
    return names.root_unit(units, get_settings().root_unit if root_code is None else root_code)


def is_root(unit: UnitRef, root_code: str | None = None) -> bool:
    """Whether the unit is the deployment's root (setting IOC_ROOT_UNIT unless given)."""
    return names.is_root(unit, get_settings().root_unit if root_code is None else root_code)


def area_label(units: Iterable[UnitRef], root_code: str | None = None) -> str:
    """The whole area's label, "Toàn …", from the deployment's root unit (setting IOC_ROOT_UNIT unless given)."""
    return names.area_label(units, get_settings().root_unit if root_code is None else root_code)
