"""The registry of administrative units and the matching of the many ways people spell their names."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError
from rapidfuzz import fuzz, process
from sqlmodel import Session, col, func, select

from dashboard.models import Unit, UnitAlias
from dashboard.read_memo import memoised
from dashboard.settings import get_settings
from dashboard.text import normalize
from data_loaders.reasons import unknown_unit

REGISTRY_CSV = Path(__file__).resolve().parent / "unit_registry.csv"
REGISTRY_COLUMNS = (
    "code", "name", "full_name", "kind", "valid_from", "valid_to", "successor_code", "sort_order", "aliases",
    "portal_code",
)  # fmt: skip
# portal_code: the unit's MA_COQUAN in the national portal's 766 export, empty when the portal scores none.
KINDS = ("town", "office", "ward", "commune", "province", "other")
# Units added later go after the seeded ones of their kind (town 0, offices 10…, wards 100…, communes 200…).
_KIND_BASE = {"town": 0, "office": 10, "ward": 100, "commune": 200, "province": 300, "other": 400}
_TYPE_WORD = {"ward": "phường", "commune": "xã"}
_COUNCIL_PREFIXES = ("uy ban nhan dan", "ubnd")
_TYPE_PREFIXES = ("thi tran", "thi xa", "phuong", "xa")
_SUGGEST_CUTOFF = 75.0
# Zero-width, soft-hyphen and bidi controls pasted from web pages split a word without showing on screen.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061"
        "\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff",
    )
)
# Where a unit is, written after its name: "… thị xã", "… thị xã Đức Phổ", "… - tỉnh Quảng Ngãi".
_TRAILING_TOWN = re.compile(r" (?:thi xa|tx)(?: duc pho)?$")
_TRAILING_PROVINCE = re.compile(r"(?: tinh)?(?: quang ngai)$| tinh$")
_LOCAL_TYPES = ("xa ", "phuong ", "thi tran ")
# The start of a line that names a unit: "UBND xã …", "phường …", "xã …", "thị trấn …", "Phòng …"
# ("xã hội", "phòng chống" are words, not units).
_UNIT_LIKE = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan) )?(?:xa|phuong|thi tran|phong) (?!hoi\b|chong\b|ngua\b|va\b|cac\b)\w"
)
_TYPE_KIND = {"xa": "commune", "phuong": "ward", "thi tran": "commune"}
# Words that end a unit name inside a title sentence ("… XÃ PHỔ AN 9 THÁNG NĂM 2024", "… xã Phổ An, tỉnh …").
_NAME_STOP = frozenset(
    [
        "nam",
        "thang",
        "quy",
        "tu",
        "den",
        "ky",
        "tinh",
        "huyen",
        "thi",
        "tai",
        "ve",
        "va",
        "nhu",
        "sau",
        "theo",
        "cua",
        "ngay",
        "nhan",
        "dot",
        "so",
        "ubnd",
        "xa",
        "phuong",
        "cac",
        "tren",
    ]
)
_MAX_NAME_WORDS = 3
_ENDS_NAME = re.compile(r"[,;:.)\]]$")
# Words that follow "xã" in a sentence but start no name: "XÃ ĐẠT CHUẨN NÔNG THÔN MỚI", "XÃ HỘI".
_NOT_A_NAME_START = frozenset(
    [
        "hoi",
        "chong",
        "ngua",
        "dat",
        "co",
        "duoc",
        "la",
        "da",
        "dang",
        "se",
        "hoan",
        "tham",
        "ngheo",
        "voi",
        "trong",
        "thuoc",
        "nong",
        "khu",
        "vung",
        "doan",
    ]
)
# Bodies outside the town's registry that a task's lead or coordinator, or a project's investor, may be:
# provincial and central bodies and the vertical agencies on the town's territory. They are kept by name.
OUTSIDE_BODY_PREFIXES = (
    "so ", "bo ", "cuc ", "tong cuc", "chi cuc", "chinh phu", "ubnd tinh", "uy ban nhan dan tinh",
    "van phong ubnd tinh", "kho bac", "cong an", "ban chi huy quan su", "bo chi huy quan su",
    "bao hiem xa hoi", "toa an", "vien kiem sat",
)  # fmt: skip


class UnitError(Exception):
    """A registry change that cannot be made; `.message` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A detached, read-only copy of a unit, safe to keep after its session closes."""

    id: int
    code: str
    name: str
    full_name: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    successor_id: int | None

    def valid_on(self, on: date) -> bool:
        """Tell whether the unit exists on that day (an empty bound is open)."""
        return (self.valid_from or date.min) <= on <= (self.valid_to or date.max)


def _strip_word(key: str, word: str) -> str | None:
    """The key without a leading whole word (or words), or None when it does not start with it."""
    if key == word:
        return ""
    return key[len(word) + 1 :] if key.startswith(word + " ") else None


def clean_name(text: str) -> str:
    """The text without invisible characters, in composed (NFC) form, so "PH\u200bỔ AN" reads "PHỔ AN"."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE))


def is_outside_body(name: str) -> bool:
    """Tell whether a name is a body outside the town (Sở, Cục, Bộ, UBND tỉnh, Công an …, or any "… tỉnh …")."""
    norm = normalize(clean_name(name))
    return norm.startswith(OUTSIDE_BODY_PREFIXES) or " tinh " in f" {norm} " or "trung uong" in norm


def looks_like_unit(text: str) -> bool:
    """Tell whether a text starts the way a unit name does ("UBND xã …", "phường …", "Phòng …")."""
    return bool(_UNIT_LIKE.match(normalize(clean_name(text))))


def implied_kind(name: str) -> str | None:
    """The kind a unit-type word in the name implies ("xã Phổ Lợi" → commune), None without one."""
    key = match_key(name)
    return next((kind for word, kind in _TYPE_KIND.items() if _strip_word(key, word)), None)


def names_in_sentence(text: str) -> list[str]:
    """The unit names written inside a sentence, as written: "BÁO CÁO … XÃ PHỔ AN NĂM 2024" → ["XÃ PHỔ AN"].

    A name starts at "xã", "phường", "thị trấn" or "thị xã" (with a "UBND" before it) and ends at a period
    word, a number, punctuation, a line break or after three words; its words are capitalised ("xã đạt
    chuẩn", "xã hội" and "các xã, phường" name no unit).
    """
    found: list[str] = []
    for line in clean_name(text).splitlines():
        found += _names_in_line(line.split())
    return found


def _names_in_line(tokens: list[str]) -> list[str]:
    """names_in_sentence for one line's words."""
    norms = [normalize(t) for t in tokens]
    # "ĐỊA PHƯƠNG" (local) reads "dia phuong" once diacritics go, like "phường": it is no unit-type word.
    types = [
        n in ("xa", "phuong") and not (n == "phuong" and k > 0 and norms[k - 1] == "dia")
        for k, n in enumerate(norms)
    ]
    found: list[str] = []
    i = 0
    while i < len(tokens):
        width = 2 if norms[i] == "thi" and i + 1 < len(norms) and norms[i + 1] in ("xa", "tran") else 1
        listed = i > 0 and (norms[i - 1] in ("cac", "nhung", "moi") or types[i - 1])  # "các xã, phường"
        if (width == 1 and not types[i]) or listed:
            i += 1
            continue
        start = i - 1 if i > 0 and norms[i - 1] == "ubnd" else i
        j = i + width
        words: list[str] = []
        stop = bool(_ENDS_NAME.search(tokens[j - 1]))
        while not stop and j < len(tokens) and len(words) < _MAX_NAME_WORDS:
            word, norm = tokens[j], norms[j]
            if not norm.isalpha() or norm in _NAME_STOP or not word[:1].isupper():
                break
            if not words and norm in _NOT_A_NAME_START:
                break
            words.append(word.rstrip(",;:.)]"))
            j += 1
            stop = bool(_ENDS_NAME.search(word))
        if words:
            found.append(" ".join([*tokens[start : i + width], *words]).strip(" -–,;:()"))
        i = j if words else i + width
    return found


def _trim_place(key: str) -> str:
    """The key without a trailing place ("vp hdnd ubnd thi xa" → "vp hdnd ubnd"), never down to nothing.

    The province goes only after a commune, a ward or the town ("xã Phổ An, tỉnh Quảng Ngãi"): "Thanh tra tỉnh"
    is the province's inspectorate, not the town's "Thanh tra".
    """
    while True:
        if (town := _TRAILING_TOWN.search(key)) and town.start() > 0:
            key = key[: town.start()]
            continue
        province = _TRAILING_PROVINCE.search(key)
        rest = key[: province.start()] if province else ""
        if rest and (rest.startswith(_LOCAL_TYPES) or _TRAILING_TOWN.search(rest)):
            key = rest
            continue
        return key


def match_key(name: str) -> str:
    """The matching key of a unit name: normalized, without "UBND", with a leading "P." read as "Phòng"."""
    key = normalize(clean_name(name))
    for prefix in _COUNCIL_PREFIXES:
        rest = _strip_word(key, prefix)
        if rest is not None:
            key = rest
            break
    rest = _strip_word(key, "p")
    return key if rest is None else f"phong {rest}".strip()


def bare_key(key: str) -> str:
    """The key without a leading unit-type word (xã, phường, thị trấn, thị xã), for a looser lookup."""
    for word in _TYPE_PREFIXES:
        rest = _strip_word(key, word)
        if rest:
            return rest
    return key


def _primary_spellings(name: str, full_name: str, kind: str) -> list[str]:
    """The unit's own names and the type-prefixed forms people write for wards and communes."""
    spellings = [name, full_name]
    word = _TYPE_WORD.get(kind)
    if word:
        spellings += [f"{word} {name}", f"UBND {word} {name}"]
    return spellings


def _secondary_spellings(name: str, kind: str, aliases: Iterable[str]) -> list[str]:
    """The given aliases, plus "P. …", the bare rest and "Phòng <alias>" for offices named "Phòng …"."""
    aliases = [a for a in aliases if a.strip()]
    if kind != "office" or not name.startswith("Phòng "):
        return aliases
    rest = name.removeprefix("Phòng ")
    prefixed = [f"{p} {a}" for a in aliases if not match_key(a).startswith("phong ") for p in ("Phòng", "P.")]
    return [f"P. {rest}", rest, *aliases, *prefixed]


def _alias_owners(session: Session) -> dict[str, int]:
    """Every alias key in the registry and the unit it belongs to."""
    rows = session.exec(select(UnitAlias.alias_norm, UnitAlias.unit_id)).all()
    return {key: unit_id for key, unit_id in rows}


def _register(session: Session, unit_id: int, spellings: Iterable[str], taken: dict[str, int]) -> None:
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
    from dashboard.portal_codes import record_portal_codes  # it reads the units this inserts

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
    taken = _alias_owners(session)
    # Own names first for every unit, so a loose alias of one unit cannot take another unit's name.
    for unit, _row in new:
        _register(session, _unit_id(unit), _primary_spellings(unit.name, unit.full_name, unit.kind), taken)
    for unit, row in new:
        aliases = row["aliases"].split("|") if row["aliases"] else []
        _register(session, _unit_id(unit), _secondary_spellings(unit.name, unit.kind, aliases), taken)
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
    taken = _alias_owners(session)
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
    _register(session, unit_id, [*aliases, *_primary_spellings(name, full_name, kind)], taken)
    _register(session, unit_id, _secondary_spellings(name, kind, aliases), taken)
    session.flush()
    return unit


def _unit_by_code(session: Session, code: str) -> Unit:
    """The unit with that code, or a UnitError naming the missing code."""
    unit = session.exec(select(Unit).where(col(Unit.code) == code)).first()
    if unit is None:
        raise UnitError(f'Không có đơn vị mã "{code}" trong danh mục.')
    return unit


def merge_units(*, session: Session, old_codes: list[str], into_code: str, on: date) -> None:
    """Record that the old units ended the day before `on` and continue as `into_code`."""
    if into_code in old_codes:
        raise UnitError("Đơn vị mới không thể nằm trong danh sách đơn vị được sáp nhập.")
    into = _unit_by_code(session, into_code)
    olds = [_unit_by_code(session, code) for code in old_codes]
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


class UnitMatcher:
    """Name-to-unit lookups over a snapshot of the registry; build it once with `load`."""

    def __init__(self, units: Sequence[UnitRef], aliases: Iterable[tuple[str, int]]) -> None:
        """Index the units (in display order) and their (alias, unit id) spellings."""
        self._units = {u.id: u for u in units}
        exact: defaultdict[str, set[int]] = defaultdict(set)
        spellings = [*aliases, *((s, u.id) for u in units for s in (u.name, u.full_name))]
        # Keys are recomputed from the spelling, so stored keys from an older rule cannot go stale.
        for spelling, unit_id in spellings:
            key = match_key(spelling)
            if key and unit_id in self._units:
                exact[key].add(unit_id)
        bare: defaultdict[str, set[int]] = defaultdict(set)
        for key, ids in exact.items():
            bare[bare_key(key)] |= ids
        self._exact = {k: frozenset(v) for k, v in exact.items()}
        self._bare = {k: frozenset(v) for k, v in bare.items()}
        self._keys = list(self._exact)
        self._order = {u.id: i for i, u in enumerate(units)}
        self._predecessors: defaultdict[int, list[int]] = defaultdict(list)
        for u in units:
            if u.successor_id is not None:
                self._predecessors[u.successor_id].append(u.id)

    @classmethod
    def load(cls, session: Session) -> UnitMatcher:
        """Read the whole registry (it is small) into a matcher that needs no session afterwards."""
        return memoised(session, "unit_matcher", lambda: cls._read(session))

    @classmethod
    def _read(cls, session: Session) -> UnitMatcher:
        units = session.exec(select(Unit).order_by(col(Unit.sort_order), col(Unit.code))).all()
        names = [f.name for f in fields(UnitRef)]
        refs = [UnitRef(**{name: getattr(u, name) for name in names}) for u in units]
        aliases = session.exec(select(UnitAlias.alias, UnitAlias.unit_id)).all()
        return cls(refs, [(alias, unit_id) for alias, unit_id in aliases])

    def _pick(self, ids: frozenset[int], on: date) -> UnitRef | None:
        """The one unit among those sharing a key, preferring the ones in force on the day."""
        if len(ids) == 1:
            return self._units[next(iter(ids))]
        valid = [i for i in ids if self._units[i].valid_on(on)]
        return self._units[valid[0]] if len(valid) == 1 else None

    def match(self, name: str, on: date | None = None) -> UnitRef | None:
        """The unit this name means on that day (today if omitted); None if unknown or ambiguous."""
        key = match_key(name)
        if not key:
            return None
        day = on or date.today()
        found = self._lookup(key, day)
        trimmed = _trim_place(key)  # "VP HĐND-UBND thị xã", "Phường Phổ Hòa - tỉnh Quảng Ngãi"
        return self._lookup(trimmed, day) if found is None and trimmed != key else found

    def _lookup(self, key: str, day: date) -> UnitRef | None:
        """The unit of a key: exact, then without its type word, then "P." read as "phường"."""
        if key in self._exact:
            return self._pick(self._exact[key], day)
        if bare_key(key) in self._bare:
            return self._pick(self._bare[bare_key(key)], day)
        rest = _strip_word(key, "phong")
        if rest:  # "P." also abbreviates "phường": "P. Phổ Hòa"
            ward = f"phuong {rest}"
            if ward in self._exact:
                return self._pick(self._exact[ward], day)
            if bare_key(ward) in self._bare:
                return self._pick(self._bare[bare_key(ward)], day)
        return None

    def suggest(self, name: str, limit: int = 3) -> list[UnitRef]:
        """The units whose names are closest to this one, best first (at least one if any exist)."""
        if not self._keys or limit <= 0:
            return []
        # "xã Phổ Lợi" is a commune: the closest communes say more than a ward or office that is spelt alike.
        kind = implied_kind(name)
        keys = [k for k in self._keys if any(self._units[i].kind == kind for i in self._exact[k])]
        # Token-sort on bare keys: word order and "xã"/"phường" do not count, and unlike WRatio a short
        # query is not "close" to every long name that happens to contain "Phổ".
        found = process.extract(
            _trim_place(match_key(name)),
            keys or self._keys,
            scorer=fuzz.token_sort_ratio,
            processor=bare_key,
            limit=None,
        )
        out: list[UnitRef] = []
        for key, score, _index in found:
            if len(out) >= limit or (out and score < _SUGGEST_CUTOFF and not keys):
                break
            for unit_id in sorted(self._exact[key], key=self._order.__getitem__):
                if self._units[unit_id] not in out:
                    out.append(self._units[unit_id])
        return out[:limit]

    def by_id(self, unit_id: int) -> UnitRef:
        """The unit with that id (KeyError if it is not in the registry)."""
        return self._units[unit_id]

    def all(self) -> list[UnitRef]:
        """Every unit in display order."""
        return list(self._units.values())

    def family(self, unit_id: int) -> frozenset[int]:
        """The unit and every unit whose successor chain leads to it, so old series show under the new one."""
        members = {unit_id}
        stack = [unit_id]
        while stack:
            for older in self._predecessors.get(stack.pop(), []):
                if older not in members:
                    members.add(older)
                    stack.append(older)
        return frozenset(members)


def unknown_unit_message(name: str, suggestions: list[UnitRef]) -> str:
    """The Vietnamese message for a name not in the registry, with the likely units."""
    return unknown_unit(name, suggestions)


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


def with_type_word(unit: UnitRef) -> str:
    """The name as people say it: "xã Phổ An", "phường Trà Câu"; other units by their name alone."""
    word = _TYPE_WORD.get(unit.kind)
    return f"{word} {unit.name}" if word else unit.name


def merged_unit_message(unit: UnitRef, start: date, matcher: UnitMatcher) -> str | None:
    """Why a report from `start` on cannot name this unit: it had merged into its successor by then."""
    if unit.successor_id is None or unit.valid_to is None or start <= unit.valid_to:
        return None
    successor = matcher.by_id(unit.successor_id)
    # Follow a chain of mergers to the unit in force on the report's first day.
    while (
        successor.successor_id is not None and successor.valid_to is not None and start > successor.valid_to
    ):
        successor = matcher.by_id(successor.successor_id)
    merged_on = unit.valid_to + timedelta(days=1)
    old, new = with_type_word(unit), with_type_word(successor)
    return (
        f"{old[:1].upper()}{old[1:]} đã sáp nhập vào {new} từ {merged_on:%d/%m/%Y} — hãy báo cáo dưới tên {new}. "
        f"Kỳ báo cáo bắt đầu ngày {start:%d/%m/%Y}, sau ngày sáp nhập; số liệu của kỳ trước đó vẫn nhập dưới tên cũ."
    )


def predecessors_note(matcher: UnitMatcher, unit_id: int | None) -> str | None:
    """The line that says a successor's figures include those of the units it took in; None if it has none."""
    if unit_id is None:
        return None
    family = matcher.family(unit_id)
    older = [u.name for u in matcher.all() if u.id in family and u.id != unit_id]  # display order
    return f"gồm số liệu của các đơn vị trước sáp nhập: {', '.join(older)}" if older else None


# The words that open a unit's name and what its whole area is called ("Toàn thị xã", "Toàn tỉnh" …).
_AREA_WORDS = ("thanh pho", "thi xa", "thi tran", "huyen", "quan", "tinh", "phuong", "xa", "dac khu")
NO_ROOT_LABEL = "Toàn địa bàn"  # a registry without the root unit (or none at all)
_AREA_BY_KIND = {"town": "thị xã", "province": "tỉnh", "ward": "phường", "commune": "xã"}


def root_unit(units: Iterable[UnitRef], root_code: str | None = None) -> UnitRef | None:
    """The deployment's root unit (setting IOC_ROOT_UNIT): its reports are the whole area's; None if not listed.

    A registry may hold a town below a province root, so the root is found by its code, never by its kind.
    """
    code = root_code if root_code is not None else get_settings().root_unit
    return next((u for u in units if u.code == code), None)


def is_root(unit: UnitRef, root_code: str | None = None) -> bool:
    """Whether the unit is the deployment's root: its own scope is the whole area."""
    return unit.code == (root_code if root_code is not None else get_settings().root_unit)


def area_label(units: Iterable[UnitRef], root_code: str | None = None) -> str:
    """The whole area's label, "Toàn …", from the deployment's root unit (setting IOC_ROOT_UNIT)."""
    root = root_unit(units, root_code)
    if root is None:
        return NO_ROOT_LABEL
    for spelling in (root.name, root.full_name):
        found = _area_word(spelling)
        if found:
            return f"Toàn {found}"
    word = _AREA_BY_KIND.get(root.kind)
    return f"Toàn {word}" if word else f"Toàn {root.name}"


def _area_word(spelling: str) -> str | None:
    """The unit-type words a name opens with ("Thị xã Đức Phổ" → "thị xã"), after "UBND" if any."""
    words = spelling.split()
    if words and normalize(words[0]) == "ubnd":
        words = words[1:]
    for n in (2, 1):
        if len(words) > n and normalize(" ".join(words[:n])) in _AREA_WORDS:
            return " ".join(words[:n]).lower()
    return None
