"""Reproducible sample budget reports: the town's monthly revenue and spending of 2022–2023, communes' revenue.

They reproduce the seeds: May 2023 revenue 3.271 triệu, Jan–May 70.264 triệu = 27,73% of the council's estimate
(253.390) and 90,87% of Jan–May 2022 (77.323,5); spending +18,02% on Jan–May 2022; Phổ An's estimate 7.722,4 triệu
and Jan–Jul revenue 5.373 triệu — 69,58% (the seed writes 69,57%: it truncated, we round).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from base.budget_catalog import COMMUNE_REVENUE_ITEMS, TOWN_EXPENDITURE_ITEMS, TOWN_REVENUE_ITEMS, Item
from dashboard.workbooks.budget import (
    COMMUNE_TOTAL,
    EXPENDITURE_TOTAL,
    REVENUE_TOTAL,
    Money,
    layout,
    write_budget_report,
)

Series = dict[str, dict[tuple[int, int], int]]  # leaf path -> (year, month) -> amount in `denominator`ths
TOWN = "UBND THỊ XÃ ĐỨC PHỔ"
# fmt: off
# Leaf path: (council estimate 2023, provincial estimate 2023, Jan–May 2023, May 2023) in triệu đồng.
REVENUE_2023: dict[str, tuple[int, int, int, int]] = {
    "I.1": (2100, 2000, 1020, 190),         "I.2": (450, 450, 180, 30),
    "I.3.1": (24500, 23000, 10950, 1050),   "I.3.2": (6800, 6500, 3120, 280),
    "I.3.3": (2300, 2200, 870, 160),        "I.4": (9800, 9500, 4630, 520),
    "I.5": (8200, 8000, 3960, 430),         "I.6": (1150, 1100, 240, 35),
    "I.7": (3900, 3700, 1720, 310),         "I.8": (185000, 165000, 40829, 0),
    "I.9": (3600, 3500, 1430, 66),          "I.10": (4840, 4500, 1005, 140),
    "II": (750, 700, 310, 60),
}
LAND_PATH = "I.8"  # tiền sử dụng đất: behind in 2023 (no auction since March)
SAME_PERIOD_2022 = 77323.5
# Leaf path: (council estimate 2023, provincial estimate 2023) in triệu đồng.
EXPENDITURE_2023: dict[str, tuple[int, int]] = {
    "A.I": (210000, 190000),    "A.II.1": (198500, 196000), "A.II.2": (9800, 9500),
    "A.II.3": (6200, 6000),     "A.II.4": (12400, 12000),   "A.II.5": (38600, 35000),
    "A.II.6": (52300, 50500),   "A.II.7": (21700, 21000),   "A.II.8": (8900, 8500),
    "A.II.9": (3100, 3000),     "A.III": (11800, 11000),    "B": (92600, 90000),
}
SPENDING_GROWTH = 1.1802
# Phổ An (seed 002), in tenths of a triệu: (council estimate, "thị xã giao" estimate or 0, Jan–Jul 2023).
PHO_AN_2023: dict[str, tuple[int, int, int]] = {
    "I.1": (850, 800, 613),       "I.2": (3100, 3000, 2482),    "I.3": (424, 400, 305),
    "II.1": (280, 280, 92),       "II.2": (1650, 1600, 1276),   "II.3": (600, 600, 412),
    "III.1": (49500, 49500, 28875), "III.2": (14800, 14800, 13655), "IV": (6020, 0, 6020),
}
# fmt: on
OTHER_COMMUNES = {
    "xa-pho-chau": "UBND XÃ PHỔ CHÂU",
    "xa-pho-cuong": "UBND XÃ PHỔ CƯỜNG",
    "xa-pho-khanh": "UBND XÃ PHỔ KHÁNH",
}


def child_path(base: str, stt: str) -> str:
    """A row's STT path under its parent's, as the loader builds it ("1.1" under "I.1" is "I.1.1")."""
    parent = base.rsplit(".", 1)[-1]
    token = stt[len(parent) + 1 :] if parent and stt.startswith(parent + ".") else stt
    return f"{base}.{token}" if base else token


def with_values(
    items: Sequence[Item], values: Mapping[str, Mapping[str, float | None]], base: str = ""
) -> tuple[Item, ...]:
    """The rows with each leaf's figures filled in (a leaf's 'Trong đó' rows under its path + '/')."""
    out: list[Item] = []
    for item in items:
        path = child_path(base, item.stt)
        breakdown = tuple(replace(b, values=values.get(path + "/", {})) for b in item.breakdown)
        children = with_values(item.children, values, path)
        out.append(replace(item, values=values.get(path, {}), children=children, breakdown=breakdown))
    return tuple(out)


def spread(
    rng: random.Random, total: int, months: int, *, lumpy: bool = False, ramp: bool = False
) -> list[int]:
    """`total` units over `months` months: fairly even, rising through the year (ramp), or in a few lumps."""
    if months <= 0:
        return []
    weights = [
        rng.random() ** 4 if lumpy else rng.uniform(0.7, 1.3) * (0.4 + i / 8 if ramp else 1)
        for i in range(months)
    ]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[max(range(months), key=weights.__getitem__)] += total - sum(shares)
    return shares


def _year(rng: random.Random, first: Sequence[int], annual: int, *, lumpy: bool) -> list[int]:
    """Twelve months: the given first months, then the rest of the annual figure spread over the others."""
    rest = max(annual - sum(first), sum(first) // 3)
    return [*first, *spread(rng, rest, 12 - len(first), lumpy=lumpy)]


def _shrunk(council: int, province: int, factor: float) -> tuple[int, int]:
    """Last year's estimates (in half-triệu), smaller by `factor` and rounded to 10 triệu."""
    return 2 * int(round(council * factor, -1)), 2 * int(round(province * factor, -1))


def revenue_series(rng: random.Random) -> tuple[Series, dict[str, dict[int, tuple[int, int]]]]:
    """Monthly revenue per leaf and the estimates (council, province) of 2022–23, all in half-triệu."""
    series: Series = {}
    estimates: dict[str, dict[int, tuple[int, int]]] = {}
    may_2022: dict[str, int] = {}
    for path, (council, province, ytd5, may) in REVENUE_2023.items():
        land = path == LAND_PATH
        first = [*spread(rng, 2 * (ytd5 - may), 4, lumpy=land), 2 * may]
        y2023 = _year(rng, first, int(2 * council * (0.72 if land else rng.uniform(0.98, 1.1))), lumpy=land)
        may_2022[path] = 0 if land else round(2 * ytd5 * rng.uniform(0.84, 1.0))
        shrink = rng.uniform(0.86, 0.95)
        estimates[path] = {2023: (2 * council, 2 * province), 2022: _shrunk(council, province, shrink)}
        series[path] = {(2023, m): v for m, v in enumerate(y2023, 1)}
    may_2022[LAND_PATH] = round(2 * SAME_PERIOD_2022) - sum(may_2022.values())
    for path, ytd in may_2022.items():
        land = path == LAND_PATH
        annual = int(estimates[path][2022][0] * rng.uniform(0.95, 1.08))
        y2022 = _year(rng, spread(rng, ytd, 5, lumpy=land), annual, lumpy=land)
        series[path].update({(2022, m): v for m, v in enumerate(y2022, 1)})
        series[path].update({(2021, m): round(v * rng.uniform(0.8, 1.05)) for m, v in enumerate(y2022, 1)})
    return series, estimates


def expenditure_series(rng: random.Random) -> tuple[Series, dict[str, dict[int, tuple[int, int]]]]:
    """Monthly spending per leaf in half-triệu for 2021–2023: Jan–May 2023 is 18,02% above Jan–May 2022."""
    series: Series = {}
    estimates: dict[str, dict[int, tuple[int, int]]] = {}
    for path, (council, province) in EXPENDITURE_2023.items():
        shrink = rng.uniform(0.84, 0.9)
        estimates[path] = {2023: (2 * council, 2 * province), 2022: _shrunk(council, province, shrink)}
        reserve = path == "A.III"  # the contingency reserve is not spent before the autumn storms
        series[path] = {}
        for year in (2023, 2022):
            est = estimates[path][year][0]
            months = spread(
                rng, int(est * rng.uniform(0.9, 1.0)), 12, ramp=path == "A.I"
            )  # investment picks up late
            if reserve:
                months = [0] * 9 + spread(rng, int(est * 0.4), 3)
            series[path].update({(year, m): v for m, v in enumerate(months, 1)})
            if year == 2022:
                series[path].update(
                    {(2021, m): round(v * rng.uniform(0.85, 0.98)) for m, v in enumerate(months, 1)}
                )
    # Scale Jan–May 2023 so that it is exactly the seed's growth on Jan–May 2022 (the rest absorbed by B in May).
    ytd = {y: sum(s[(y, m)] for s in series.values() for m in range(1, 6)) for y in (2022, 2023)}
    target = round(ytd[2022] * SPENDING_GROWTH)
    for s in series.values():
        for m in range(1, 6):
            s[(2023, m)] = round(s[(2023, m)] * target / ytd[2023])
    series["B"][(2023, 5)] += target - sum(s[(2023, m)] for s in series.values() for m in range(1, 6))
    return series, estimates


def report_values(
    series: Series,
    estimates: Mapping[str, Mapping[int, tuple[int, int]]],
    year: int,
    month: int,
    denominator: int,
) -> dict[str, dict[str, float | None]]:
    """Each leaf's figures for the report of (year, month), in triệu đồng."""
    out: dict[str, dict[str, float | None]] = {}
    for path, by_month in series.items():
        council, province = estimates[path][year]
        ytd = sum(by_month[(year, m)] for m in range(1, month + 1))
        last = sum(by_month.get((year - 1, m), 0) for m in range(1, month + 1))
        out[path] = {
            "estimate_council": council / denominator if council else None,
            "estimate_province": province / denominator if province else None,
            "month_amount": by_month[(year, month)] / denominator,
            "ytd_amount": ytd / denominator,
            "same_period_last_year": last / denominator if (year - 1, 1) in by_month else None,
        }
    return out


def _breakdowns(values: dict[str, dict[str, float | None]], path: str, share: float) -> None:
    """A 'Trong đó' row under `path`: that share of the leaf's figures (rounded to half a triệu)."""
    values[path + "/"] = {k: None if v is None else round(2 * v * share) / 2 for k, v in values[path].items()}


def _town_report(
    out_dir: Path,
    kind: str,
    series: Series,
    estimates: Mapping[str, Mapping[int, tuple[int, int]]],
    year: int,
    month: int,
) -> Path:
    """The town's report of one month: 2023 in the full layout with the total first, 2022 the older one."""
    values = report_values(series, estimates, year, month, 2)
    revenue = kind == "revenue"
    _breakdowns(values, "I.5" if revenue else "A.I", 0.4 if revenue else 0.65)
    period = f"THÁNG {month} NĂM {year}" if year == 2023 or month == 1 else f"{month} THÁNG ĐẦU NĂM {year}"
    title = (
        f"BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC {period}"
        if revenue
        else f"BÁO CÁO CHI NGÂN SÁCH ĐỊA PHƯƠNG {period}"
    )
    money: Money = "ty" if (revenue, year, month) == (True, 2023, 5) else "trieu"  # as read at the meeting
    filed_y, filed_m = year + month // 12, month % 12 + 1
    path = out_dir / f"{'thu' if revenue else 'chi'}_ngan_sach_thi_xa_{year}_{month:02d}.xlsx"
    write_budget_report(
        path,
        headings=[TOWN, "PHÒNG TÀI CHÍNH - KẾ HOẠCH"] if year == 2023 else [TOWN],
        title=title,
        money=money,
        columns=layout("full" if year == 2023 else "simple", year=year, month=month),
        items=with_values(TOWN_REVENUE_ITEMS if revenue else TOWN_EXPENDITURE_ITEMS, values),
        total_label=REVENUE_TOTAL if revenue else EXPENDITURE_TOTAL,
        total="first" if year == 2023 else "last",
        sign_line=f"Đức Phổ, ngày 05 tháng {filed_m} năm {filed_y}",
        created=datetime(filed_y, filed_m, 5, 8),
    )
    return path


def commune_series(
    rng: random.Random, plan: Mapping[str, tuple[int, int, int]], months: int
) -> tuple[Series, dict[str, dict[int, tuple[int, int]]]]:
    """A commune's 2022–2023 revenue in tenths of a triệu from (council, upper estimate, year to date at `months`)."""
    series: Series = {}
    estimates: dict[str, dict[int, tuple[int, int]]] = {}
    for path, (council, province, ytd) in plan.items():
        carried = path == "IV"  # last year's carry-over arrives in January
        first = [ytd] + [0] * (months - 1) if carried else spread(rng, ytd, months)
        annual = round(council * rng.uniform(0.96, 1.1))
        rest = [0] * (12 - months) if carried else spread(rng, max(annual - ytd, ytd // 5), 12 - months)
        year = [*first, *rest]
        series[path] = {(2023, m): v for m, v in enumerate(year, 1)}
        series[path].update({(2022, m): round(v * rng.uniform(0.8, 1.05)) for m, v in enumerate(year, 1)})
        estimates[path] = {2023: (council, province)}
    return series, estimates


def _commune_report(
    path: Path,
    heading: str,
    series: Series,
    estimates: Mapping[str, Mapping[int, tuple[int, int]]],
    month: int,
    *,
    monthly: bool,
) -> Path:
    """A commune's revenue report: monthly in đồng (Phổ An), or a year-to-date-only one in triệu (the others)."""
    period = (
        f"THÁNG {month} NĂM 2023" if monthly else "NĂM 2023" if month == 12 else f"{month} THÁNG ĐẦU NĂM 2023"
    )
    write_budget_report(
        path,
        headings=[TOWN, heading],
        title=f"BÁO CÁO THU NGÂN SÁCH XÃ {period}",
        money="dong" if monthly else "trieu",
        columns=layout(
            "full" if monthly else "ytd_only",
            year=2023,
            month=month,
            council="HĐND xã giao",
            upper="Thị xã giao",
        ),
        items=with_values(COMMUNE_REVENUE_ITEMS, report_values(series, estimates, 2023, month, 10)),
        total_label=COMMUNE_TOTAL,
        total="first" if monthly else "last",
        sign_line=f"ngày 05 tháng {month % 12 + 1} năm {2023 + month // 12}",
        created=datetime(2023 + month // 12, month % 12 + 1, 5, 8),
    )
    return path


def generate(out_dir: Path, rng: random.Random) -> list[Path]:
    """Write the sample budget workbooks into out_dir (same rng state, same bytes) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for kind, build in (("revenue", revenue_series), ("expenditure", expenditure_series)):
        series, estimates = build(rng)
        paths += [
            _town_report(out_dir, kind, series, estimates, y, m) for y in (2022, 2023) for m in range(1, 13)
        ]
    series, estimates = commune_series(rng, PHO_AN_2023, 7)
    for month in range(1, 8):
        path = out_dir / f"thu_ngan_sach_pho_an_2023_{month:02d}.xlsx"
        paths.append(_commune_report(path, "UBND XÃ PHỔ AN", series, estimates, month, monthly=True))
    for code, heading in OTHER_COMMUNES.items():
        size = rng.uniform(0.75, 1.3)
        plan = {}
        for leaf, (council, _upper, _ytd) in PHO_AN_2023.items():
            estimate = round(council * size * rng.uniform(0.9, 1.1))
            plan[leaf] = (estimate, 0, estimate if leaf == "IV" else round(estimate * rng.uniform(0.42, 0.6)))
        series, estimates = commune_series(rng, plan, 6)
        name = code.removeprefix("xa-").replace("-", "_")
        for month, suffix in ((6, "6thang"), (12, "ca_nam")):
            path = out_dir / f"thu_ngan_sach_{name}_2023_{suffix}.xlsx"
            paths.append(_commune_report(path, heading, series, estimates, month, monthly=False))
    return paths
