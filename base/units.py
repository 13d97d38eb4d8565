"""Unit names as people write them, and matching them to the registry: the interface every reader uses.

The registry itself (units, aliases, mergers) is stored by dashboard.store.units; this module needs no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from base.text import normalize

DEFAULT_ROOT_CODE = "thi-xa-duc-pho"  # the unit whose whole area the dashboards show, unless configured

# portal_code: the unit's MA_COQUAN in the national portal's 766 export, empty when the portal scores none.
LOCAL_KINDS = ("ward", "commune")  # the units that report their own budget and disbursement
KINDS = ("town", "office", "ward", "commune", "province", "other")


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


_ASK_ADMIN = "Hãy sửa tên cho đúng, hoặc nhờ quản trị thêm tên này làm tên gọi khác (alias) của đơn vị."


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


def primary_spellings(name: str, full_name: str, kind: str) -> list[str]:
    """The unit's own names and the type-prefixed forms people write for wards and communes."""
    spellings = [name, full_name]
    word = _TYPE_WORD.get(kind)
    if word:
        spellings += [f"{word} {name}", f"UBND {word} {name}"]
    return spellings


def secondary_spellings(name: str, kind: str, aliases: Iterable[str]) -> list[str]:
    """The given aliases, plus "P. …", the bare rest and "Phòng <alias>" for offices named "Phòng …"."""
    aliases = [a for a in aliases if a.strip()]
    if kind != "office" or not name.startswith("Phòng "):
        return aliases
    rest = name.removeprefix("Phòng ")
    prefixed = [f"{p} {a}" for a in aliases if not match_key(a).startswith("phong ") for p in ("Phòng", "P.")]
    return [f"P. {rest}", rest, *aliases, *prefixed]


class UnitMatcher:
    """Name-to-unit lookups over a snapshot of the registry; build it once with `load`."""

    def __init__(
        self, units: Sequence[UnitRef], aliases: Iterable[tuple[str, int]], root_code: str = DEFAULT_ROOT_CODE
    ) -> None:
        """Index the units (in display order) and their (alias, unit id) spellings; `root_code` names the unit
        whose reports are the whole area's."""
        self.root_code = root_code
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

    def root(self) -> UnitRef | None:
        """The deployment's root unit, None when the registry does not list it."""
        return root_unit(self._units.values(), self.root_code)

    def is_root(self, unit: UnitRef) -> bool:
        """Whether the unit is the deployment's root: its own scope is the whole area."""
        return is_root(unit, self.root_code)

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
    message = f'Không tìm thấy đơn vị "{name.strip()}" trong danh mục.'
    if suggestions:
        names = [s.name for s in suggestions]
        # Two suggestions with one short name (an old ward and a new commune) need their full names.
        shown = [s.full_name if names.count(s.name) > 1 else s.name for s in suggestions]
        message += f" Có phải là: {', '.join(shown)}?"
    return f"{message} {_ASK_ADMIN}"


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


def root_unit(units: Iterable[UnitRef], root_code: str) -> UnitRef | None:
    """The deployment's root unit (the unit coded `root_code`): its reports are the whole area's; None if not listed.

    A registry may hold a town below a province root, so the root is found by its code, never by its kind.
    """
    return next((u for u in units if u.code == root_code), None)


def is_root(unit: UnitRef, root_code: str) -> bool:
    """Whether the unit is the deployment's root: its own scope is the whole area."""
    return unit.code == root_code


def area_label(units: Iterable[UnitRef], root_code: str) -> str:
    """The whole area's label, "Toàn …", from the deployment's root unit."""
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
