"""Realistic, reproducible sample workbooks of Đức Phổ's dossier reports (2021–2023) for demos and tests.

`python -m dashboard.samples.dossiers` rewrites the repository's `sample_data/` folder.
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dashboard.samples.budget import generate as generate_budget_samples
from dashboard.samples.investment import generate as generate_investment_samples
from dashboard.settings import PROJECT_ROOT
from dashboard.store.units import REGISTRY_CSV
from dashboard.workbooks.dossiers import (
    DossierRow,
    ReportRow,
    consistent_counts,
    write_dossier_list,
    write_dossier_report,
)
from dashboard.workbooks.tasks import generate_tasks_samples

OUT_DIR = PROJECT_ROOT / "sample_data"
TOWN_TITLE = "UBND thị xã Đức Phổ"
GROUPS = {
    "office": "Cơ quan chuyên môn thuộc UBND thị xã",
    "ward": "UBND các phường",
    "commune": "UBND các xã",
}
PHO_AN = "xa-pho-an"
LIST_UNITS = ("van-phong-hdnd-ubnd", "phong-tu-phap")  # their 2023 figures come from the dossier list
# Phổ An's 7-month report (seed 002) by sector; each column adds up to the seed's figure exactly.
PHO_AN_COLUMNS = ("carried", "online", "direct", "early", "on_time", "late", "pending", "withdrawn")
# fmt: off
PHO_AN_SECTORS: dict[str, tuple[int, ...]] = {
    "Hộ tịch":        (6,  412, 384, 694, 0, 96,  3,  9),
    "Chứng thực":     (0,  301, 415, 654, 0, 58,  0,  4),
    "Đất đai":        (28, 52,  171, 107, 0, 121, 12, 11),
    "Bảo trợ xã hội": (5,  88,  94,  159, 0, 22,  3,  3),
    "Khác":           (4,  56,  82,  125, 0, 13,  2,  2),
}
# fmt: on
# Stocks forced so the monthly series meets Phổ An's own report: 43 carried into 2023, 20 pending at 20/07.
_PENDING_OVERRIDES = {(PHO_AN, 2022, 12): 43, (PHO_AN, 2023, 7): 20}
# New dossiers by month: fewer at Tết (February), a rush in December.
_SEASON = (1.05, 0.75, 1.0, 0.95, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.15)
_LIMITS = {"office": (20, 900), "ward": (150, 400), "commune": (150, 400)}
_MONTHS = [(y, m) for y in (2021, 2022, 2023) for m in range(1, 13)]

Figures = dict[str, int]


@dataclass(frozen=True)
class Profile:
    """How a unit behaves: new dossiers a month in 2022, online share reached by Dec 2023, lateness."""

    base: int
    online_end: float
    kind: str = "normal"  # normal | land (many late land dossiers) | bad_months | laggard (little online)
    pending: tuple[float, float] = (0.03, 0.09)


_OFFICES = {
    "van-phong-hdnd-ubnd": Profile(400, 0.58, pending=(0.07, 0.12)),
    "co-quan-tc-nv": Profile(35, 0.50),
    "phong-vhtt": Profile(30, 0.55),
    "phong-ldtbxh": Profile(170, 0.48),
    "phong-kinh-te": Profile(60, 0.52),
    "phong-gddt": Profile(45, 0.60),
    "phong-tnmt": Profile(760, 0.46, "land", (0.18, 0.28)),
    "phong-qldt": Profile(120, 0.50, pending=(0.10, 0.16)),
    "phong-y-te": Profile(28, 0.47),
    "phong-tckh": Profile(140, 0.57),
    "phong-tu-phap": Profile(150, 0.45),
    "thanh-tra": Profile(24, 0.45),
    "ban-qlda": Profile(26, 0.48),
}
_LOCAL_KINDS = {
    "xa-pho-chau": "laggard",
    "xa-pho-khanh": "laggard",
    "xa-pho-cuong": "bad_months",
    "xa-pho-nhon": "bad_months",
}


@dataclass(frozen=True)
class Unit:
    """A registry unit the samples report on."""

    code: str
    name: str
    kind: str


def registry_units() -> list[Unit]:
    """The town's offices, wards and communes of 2021–2023 in registry order."""
    with REGISTRY_CSV.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Unit(r["code"], r["name"], r["kind"])
        for r in rows
        if r["kind"] in GROUPS
        and (r["valid_from"] or "2021-01-01") <= "2021-01-01"
        and (r["valid_to"] or "2023-12-31") >= "2023-12-31"
    ]


def _profile(rng: random.Random, unit: Unit) -> Profile:
    if unit.kind == "office":
        return _OFFICES.get(unit.code, Profile(50, 0.5))
    kind = _LOCAL_KINDS.get(unit.code, "normal")
    base = 300 if unit.code == PHO_AN else rng.randint(180, 330)
    return Profile(base, 0.2 if kind == "laggard" else rng.uniform(0.45, 0.6), kind)


def _online_share(rng: random.Random, p: Profile, year: int, month: int) -> float:
    """About 5–13% in 2021, then a ramp from ~15% (8% for laggards) in Jan 2022 to the unit's Dec 2023 level."""
    i = (year - 2022) * 12 + month - 1
    start = 0.08 if p.kind == "laggard" else 0.15
    share = 0.05 + 0.08 * (i + 12) / 11 if i < 0 else start + (p.online_end - start) * i / 23
    return min(max(share + rng.uniform(-0.02, 0.02), 0.0), 0.22 if p.kind == "laggard" else 0.95)


def _late_rate(rng: random.Random, p: Profile) -> float:
    if p.kind == "land":
        return rng.uniform(0.10, 0.25)
    if p.kind == "bad_months" and rng.random() < 0.2:
        return rng.uniform(0.08, 0.2)
    return 0.0 if rng.random() < 0.55 else rng.uniform(0.003, 0.05)


def simulate_month(
    rng: random.Random,
    unit: Unit,
    p: Profile,
    carried: int,
    year: int,
    month: int,
    pending: int | None = None,
) -> Figures:
    """One unit-month of form II.06a whose identities hold exactly."""
    lo, hi = _LIMITS[unit.kind]
    new = round(p.base * (1 + 0.06 * (year - 2022)) * _SEASON[month - 1] * rng.uniform(0.9, 1.1))
    new = min(max(new, lo), hi)
    online = round(new * _online_share(rng, p, year, month))
    received = carried + new
    withdrawn = round(received * rng.uniform(0, 0.012))
    if pending is None:
        pending = round(received * rng.uniform(*p.pending))
    resolved = received - pending - withdrawn
    late = round(resolved * _late_rate(rng, p))
    early = round(
        (resolved - late) * (rng.uniform(0.35, 0.65) if p.kind == "land" else rng.uniform(0.65, 0.95))
    )
    if p.kind == "land":
        overdue_share = rng.uniform(0.1, 0.3)
    else:
        overdue_share = 0.0 if rng.random() < 0.8 else rng.uniform(0.02, 0.15)
    overdue = round(pending * overdue_share)
    return consistent_counts(
        carried=carried,
        new=new,
        online=online,
        withdrawn=withdrawn,
        pending=pending,
        late=late,
        early=early,
        overdue=overdue,
    )


def simulate(rng: random.Random, units: list[Unit]) -> dict[str, dict[tuple[int, int], Figures]]:
    """Every unit's months from Jan 2021 to Dec 2023; each month carries over the previous month's pending."""
    profiles = {u.code: _profile(rng, u) for u in units}
    carried = {u.code: round(profiles[u.code].base * 0.06) for u in units}
    out: dict[str, dict[tuple[int, int], Figures]] = {u.code: {} for u in units}
    for year, month in _MONTHS:
        for u in units:
            override = _PENDING_OVERRIDES.get((u.code, year, month))
            figures = simulate_month(rng, u, profiles[u.code], carried[u.code], year, month, override)
            out[u.code][(year, month)] = figures
            carried[u.code] = figures["pending_total"]
    return out


def aggregate(months: list[Figures]) -> Figures:
    """Several months as one period: flows add up, carried-over is the first month's, pending the last's."""
    stocks = ("received_carried_over", "pending_total", "pending_within_deadline", "pending_overdue")
    out = {k: sum(m[k] for m in months) for k in months[0] if k not in stocks}
    out["received_carried_over"] = months[0]["received_carried_over"]
    out.update({k: months[-1][k] for k in stocks[1:]})
    out["received_total"] = out["received_carried_over"] + out["received_new"]
    return out


def pho_an_rows() -> list[ReportRow]:
    """Phổ An's sectors for 01/01–20/07/2023 with every identity holding."""
    rows = []
    for sector, numbers in PHO_AN_SECTORS.items():
        s = dict(zip(PHO_AN_COLUMNS, numbers, strict=True))
        new = s["online"] + s["direct"]
        resolved = s["early"] + s["on_time"] + s["late"]
        values = {
            "received_total": s["carried"] + new,
            "received_carried_over": s["carried"],
            "received_online": s["online"],
            "received_direct_or_postal": s["direct"],
            "resolved_total": resolved,
            "resolved_early": s["early"],
            "resolved_on_time": s["on_time"],
            "resolved_late": s["late"],
            "pending_total": s["pending"],
            "pending_within_deadline": s["pending"],
            "pending_overdue": 0,
            "withdrawn": s["withdrawn"],
        }
        if values["received_total"] != resolved + s["pending"] + s["withdrawn"]:
            raise AssertionError(f"Phổ An's {sector} figures do not add up")
        rows.append(ReportRow(sector, values))
    return rows


def _town_rows(
    units: list[Unit], figures: dict[str, Figures]
) -> tuple[list[ReportRow], dict[str, list[str]]]:
    rows = [ReportRow(u.name, figures[u.code]) for u in units if u.code in figures]
    groups = {
        title: [u.name for u in units if u.kind == kind and u.code in figures]
        for kind, title in GROUPS.items()
    }
    return rows, {title: members for title, members in groups.items() if members}


def _in_monthly_report(code: str, year: int, month: int) -> bool:
    """False where another file covers the unit-month (Phổ An's own report, the 2023 dossier list)."""
    if code in LIST_UNITS and year == 2023:
        return False
    return not (code == PHO_AN and year == 2023 and month <= 7)


# --- the dossier list ---------------------------------------------------------------------------------

# New Year (observed), Tết, Hùng Kings' day and 30/4–1/5 (with swapped days), National Day, New Year 2024.
# fmt: off
_HOLIDAYS = frozenset(
    date(y, m, d) for y, m, d in (
        (2023, 1, 2), (2023, 1, 20), (2023, 1, 23), (2023, 1, 24), (2023, 1, 25), (2023, 1, 26),
        (2023, 5, 1), (2023, 5, 2), (2023, 5, 3), (2023, 9, 1), (2023, 9, 4), (2024, 1, 1),
    )
)
# fmt: on
_EXPORTED_AT = datetime(2023, 12, 31, 23, 59)
# (sector, procedure, working days allowed, weight, online factor)
Procedure = tuple[str, str, int, int, float]
# fmt: off
_PROCEDURES: dict[str, tuple[Procedure, ...]] = {
    "van-phong-hdnd-ubnd": (
        ("Đất đai", "Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 10, 30, 0.9),
        ("Đất đai", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền "
                    "với đất", 7, 12, 0.8),
        ("Thành lập và hoạt động của hộ kinh doanh", "Đăng ký thành lập hộ kinh doanh", 3, 14, 1.2),
        ("Thành lập và hoạt động của hộ kinh doanh", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", 3, 6, 1.2),
        ("Hoạt động xây dựng", "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ", 15, 10, 0.9),
        ("Lưu thông hàng hóa trong nước", "Cấp Giấy phép bán lẻ sản phẩm rượu", 10, 3, 1.0),
        ("An toàn thực phẩm", "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", 15, 4, 1.0),
        ("Người có công", "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", 12, 5, 0.6),
        ("Bảo trợ xã hội", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hằng tháng", 10, 8, 0.8),
        ("Giáo dục và Đào tạo", "Chuyển trường đối với học sinh trung học cơ sở", 3, 4, 1.2),
    ),
    "phong-tu-phap": (
        ("Chứng thực", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của "
                       "Việt Nam cấp hoặc chứng nhận", 1, 35, 0.3),
        ("Chứng thực", "Chứng thực chữ ký trong các giấy tờ, văn bản", 1, 15, 0.3),
        ("Chứng thực", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản", 2, 6, 0.3),
        ("Chứng thực", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch", 2, 2, 0.3),
        ("Hộ tịch", "Cấp bản sao trích lục hộ tịch", 1, 12, 1.3),
        ("Hộ tịch", "Đăng ký khai sinh có yếu tố nước ngoài", 15, 3, 0.8),
        ("Hộ tịch", "Đăng ký kết hôn có yếu tố nước ngoài", 15, 3, 0.6),
        ("Hộ tịch", "Thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc", 3, 6, 1.0),
    ),
}
# fmt: on
# Agency code of each one-stop desk, a day's mean of new dossiers, online share in Jan and Dec 2023.
_DESKS = {
    "van-phong-hdnd-ubnd": ("000.00.22.H48", 17.5, 0.35, 0.62),
    "phong-tu-phap": ("000.14.22.H48", 7.3, 0.25, 0.45),
}
LATE_DOSSIERS, OVERDUE_BACKLOG, AWAITING, WITHDRAWN = 44, 18, 9, 31


def working_days(start: date, end: date) -> Iterator[date]:
    """Monday–Friday days that are not public holidays."""
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in _HOLIDAYS:
            yield day
        day += timedelta(days=1)


def add_working_days(day: date, n: int) -> date:
    """The working day n working days after `day`."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in _HOLIDAYS:
            n -= 1
    return day


def _at(day: date, rng: random.Random) -> datetime:
    """A time in office hours, 7:30–16:30."""
    return datetime.combine(day, time(7, 30)) + timedelta(minutes=rng.randint(0, 540))


def _finish(rng: random.Random, received: datetime, days: int) -> datetime:
    """Mostly before the deadline, a quarter on the due day."""
    k = days if rng.random() < 0.25 else rng.randint(0, max(days - 1, 0))
    if k == 0:
        return received + timedelta(minutes=rng.randint(15, 150))
    return _at(add_working_days(received.date(), k), rng)


def dossier_list(rng: random.Random, units: dict[str, str]) -> list[DossierRow]:
    """About 6,000 dossiers of 2023 at two one-stop desks, a few dozen late and a small overdue backlog."""
    rows: list[DossierRow] = []
    for code, (prefix, mean, online_jan, online_dec) in _DESKS.items():
        procedures = _PROCEDURES[code]
        weights = [p[3] for p in procedures]
        for day in working_days(date(2023, 1, 1), date(2023, 12, 31)):
            count = max(1, round(rng.gauss(mean * _SEASON[day.month - 1], mean / 4)))
            online = online_jan + (online_dec - online_jan) * (day.month - 1) / 11
            for seq, received in enumerate(sorted(_at(day, rng) for _ in range(count)), 1):
                procedure = rng.choices(procedures, weights)[0]
                rows.append(
                    _dossier(
                        rng, f"{prefix}-{day:%y%m%d}-{seq:04d}", units[code], procedure, received, online
                    )
                )
    rows.sort(key=lambda r: (r.received_at, r.code))
    _mark_exceptions(rng, rows)
    return rows


def _dossier(
    rng: random.Random, code: str, unit: str, procedure: Procedure, received: datetime, online: float
) -> DossierRow:
    """An ordinary dossier: its channel, its deadline, and its result unless still in hand at the export."""
    sector, name, days, _weight, online_factor = procedure
    draw = rng.random()
    channel = "Trực tuyến" if draw < online * online_factor else "Trực tiếp"
    channel = "Dịch vụ bưu chính" if draw > 0.98 else channel
    due = datetime.combine(add_working_days(received.date(), days), received.time())
    finished: datetime | None = _finish(rng, received, days)
    status = "Đã trả kết quả"
    if finished is not None and finished > _EXPORTED_AT:
        finished, status = None, "Đang xử lý"
    return DossierRow(code, unit, sector, name, channel, received, due, finished, status)


def _mark_exceptions(rng: random.Random, rows: list[DossierRow]) -> None:
    """Turn a few ordinary dossiers into late, stuck, awaiting-supplement and withdrawn ones."""
    last_day = date(2023, 12, 29)
    done = [i for i, r in enumerate(rows) if r.finished_at is not None]
    late = rng.sample([i for i in done if _due_day(rows[i]) <= date(2023, 12, 15)], LATE_DOSSIERS)
    for i in late:
        r = rows[i]
        rows[i] = replace(r, finished_at=_at(add_working_days(_due_day(r), rng.randint(1, 6)), rng))
    taken = set(late)
    stuck_pool = [
        i for i in done if i not in taken and _due_day(rows[i]) < last_day and rows[i].received_at.month >= 9
    ]
    stuck = rng.sample(stuck_pool, OVERDUE_BACKLOG)
    taken |= set(stuck)
    awaiting = rng.sample(
        [i for i in done if i not in taken and rows[i].received_at.date() >= date(2023, 12, 11)], AWAITING
    )
    taken |= set(awaiting)
    withdrawn = rng.sample([i for i in done if i not in taken], WITHDRAWN)
    for i in stuck:
        rows[i] = replace(rows[i], finished_at=None, status="Đang xử lý")
    for i in awaiting:
        rows[i] = replace(rows[i], finished_at=None, status="Chờ bổ sung")
    for i in withdrawn:
        r = rows[i]
        when = _at(add_working_days(r.received_at.date(), rng.randint(0, 2)), rng)
        rows[i] = replace(r, finished_at=min(max(when, r.received_at), _EXPORTED_AT), status="Công dân rút")


def _due_day(row: DossierRow) -> date:
    """The dossier's due day (every generated dossier has one)."""
    assert row.due_at is not None
    return row.due_at.date()


# --- the files ----------------------------------------------------------------------------------------


def generate(out_dir: Path, seed: int = 2023) -> list[Path]:
    """Write the sample workbooks into out_dir (same seed, same bytes) and return their paths."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    units = registry_units()
    series = simulate(rng, units)
    paths = [_write_month(out_dir, units, series, year, month) for year, month in _MONTHS[12:]]
    paths.append(out_dir / "tthc_pho_an_2023_7thang.xlsx")
    write_dossier_report(
        paths[-1],
        rows=pho_an_rows(),
        period_line="Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 20/07/2023",
        unit_title="UBND xã Phổ An",
        by="sector",
        layout="official",
        created=datetime(2023, 7, 24, 8),
    )
    year_2021 = {u.code: aggregate([series[u.code][(2021, m)] for m in range(1, 13)]) for u in units}
    for annual in year_2021.values():
        annual["awaiting_supplement"] = round(annual["pending_total"] * rng.uniform(0.05, 0.3))
    paths.append(out_dir / "tthc_nam_2021_phan_mem_cu.xlsx")
    write_dossier_report(  # the town's previous one-stop software, before the official form was adopted
        paths[-1],
        rows=[ReportRow(u.name, year_2021[u.code]) for u in units],
        period_line="Kỳ báo cáo: Năm 2021",
        unit_title=TOWN_TITLE,
        by="unit",
        layout="vendor",
        total="first",
        created=datetime(2022, 1, 10, 8),
    )
    paths.append(out_dir / "ds_ho_so_mot_cua_2023.xlsx")
    write_dossier_list(
        paths[-1],
        dossiers=dossier_list(rng, {u.code: u.name for u in units}),
        period_line="Kỳ báo cáo: Từ ngày 01/01/2023 đến ngày 31/12/2023",
        unit_title=None,
        created=datetime(2024, 1, 2, 8),
    )
    # Each area has its own random stream, so adding one never changes another's files.
    paths += generate_budget_samples(out_dir, random.Random(seed + 1))
    paths += generate_investment_samples(out_dir, random.Random(seed + 2))
    paths += generate_tasks_samples(out_dir, random.Random(seed + 3))
    return paths


def _write_month(
    out_dir: Path, units: list[Unit], series: dict[str, dict[tuple[int, int], Figures]], year: int, month: int
) -> Path:
    """The town's monthly form II.06a: offices, wards and communes in three groups, total last."""
    figures = {
        u.code: series[u.code][(year, month)] for u in units if _in_monthly_report(u.code, year, month)
    }
    rows, groups = _town_rows(units, figures)
    path = out_dir / f"tthc_thi_xa_{year}_{month:02d}.xlsx"
    write_dossier_report(
        path,
        rows=rows,
        period_line=f"Kỳ báo cáo: Tháng {month}/{year}",
        unit_title=TOWN_TITLE,
        by="unit",
        layout="official",
        groups=groups,
        created=datetime(year + month // 12, month % 12 + 1, 5, 8),  # filed on the 5th of the next month
    )
    return path


def main() -> None:
    """Regenerate sample_data/ and list what was written."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR
    paths = generate(out)
    for path in paths:
        print(f"{path.stat().st_size / 1024:8.1f} KB  {path}")
    print(f"{sum(p.stat().st_size for p in paths) / 1024 / 1024:.2f} MB in {len(paths)} files")


if __name__ == "__main__":
    main()
