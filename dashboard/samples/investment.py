"""Sample investment workbooks: the town's 2023 disbursement snapshots (31/5 = seed 001) and its targets.

Seed 001's figures cannot all hold at once (see SEED_NOTE); the 31/5 snapshot keeps every amount and every
rate except the provincial-support rate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from dashboard.workbooks.investment import Group, Project, TargetRow, write_disbursement_report, write_targets

SEED_AS_OF = date(2023, 5, 31)
SNAPSHOTS = (
    date(2023, 3, 31),
    date(2023, 4, 30),
    SEED_AS_OF,
    date(2023, 6, 30),
    date(2023, 8, 31),
    date(2023, 9, 30),
    date(2023, 10, 31),
    date(2023, 11, 30),
    date(2023, 12, 31),
)
SEED_NOTE = (
    "Seed 001 says provincial support 17.626 triệu = 14,6% and town budget 35.627 triệu = 23,7%: their plans alone "
    "(120.726 + 150.325 = 271.051) exceed the whole plan that 66.882 triệu = 24,7% implies (270.780)."
)
BAN_QLDA = "Ban QLDA ĐTXD và PTQĐ"
QLDT = "Phòng Quản lý đô thị"
LDTBXH = "Phòng Lao động – Thương binh và Xã hội"
KHANH = "UBND xã Phổ Khánh"  # the lagging investor


@dataclass(frozen=True)
class SampleProject:
    """A project of 2023: plan (+ extended 2022 plan), disbursed by 31/5, and how fast it goes afterwards."""

    name: str
    investor: str
    place: str
    plan: float
    may: float
    extended: float | None = None
    pace: str = "normal"  # normal | slow (the programmes) | lagging (the investor held responsible)


# fmt: off
NTW = (
    SampleProject("Đường ven biển Dung Quất – Sa Huỳnh, đoạn qua thị xã Đức Phổ (bồi thường, GPMB)", BAN_QLDA,
                  "Phổ Thạnh", 9000, 8100),
    SampleProject("Kè chống sạt lở bờ biển thôn Thạch By 1", BAN_QLDA, "Phường Phổ Thạnh", 4500, 4811.1, 1500),
)
PROVINCE = (
    SampleProject("Đường Nguyễn Nghiêm nối dài (đoạn Quốc lộ 1 – đường ven biển)", BAN_QLDA, "Nguyễn Nghiêm",
                  28000, 6900, 4000),
    SampleProject("Trường THCS Phổ Văn: nhà học bộ môn 2 tầng 8 phòng", BAN_QLDA, "Phổ Văn", 9500, 2150),
    SampleProject("Hệ thống thoát nước khu dân cư Bàu Sen", QLDT, "Phổ Ninh", 12455, 2300),
    SampleProject("Đường liên xã Phổ Khánh – Phổ Châu", KHANH, "Phổ Khánh", 14000, 300, pace="lagging"),
    SampleProject("Kiên cố hóa kênh mương nội đồng xã Phổ Nhơn", "Phòng Kinh tế", "Phổ Nhơn", 8500, 2676),
    SampleProject("Trạm y tế phường Phổ Hòa", BAN_QLDA, "Phổ Hòa", 7000, 1800),
    SampleProject("Cải tạo, mở rộng chợ Phổ Cường", "UBND xã Phổ Cường", "Phổ Cường", 10000, 1500),
)
TOWN = (
    SampleProject("Khu tái định cư Đồng Làng (phục vụ cao tốc Bắc – Nam)", BAN_QLDA, "Phổ Vinh", 30000, 12400, 8000),
    SampleProject("Nâng cấp, mở rộng đường Hai Bà Trưng", BAN_QLDA, "Nguyễn Nghiêm", 22000, 6150),
    SampleProject("Công viên trung tâm thị xã (giai đoạn 2)", QLDT, "Nguyễn Nghiêm", 15000, 2950),
    SampleProject("Chỉnh trang đô thị tuyến Quốc lộ 1 qua phường Phổ Minh", QLDT, "Phổ Minh", 12000, 3100),
    SampleProject("Nhà văn hóa thôn An Thổ", "UBND xã Phổ An", "Thôn An Thổ, xã Phổ An", 3500, 1200),
    SampleProject("Đường bê tông thôn Vĩnh Xuyên", KHANH, "Phổ Khánh", 6800, 100, pace="lagging"),
    SampleProject("Trường mầm non Phổ Quang", BAN_QLDA, "Phổ Quang", 11025, 2700),
    SampleProject("Trụ sở làm việc Công an phường Phổ Văn", "UBND phường Phổ Văn", "Phổ Văn", 5000, 1450),
    SampleProject("Nâng cấp hệ thống điện chiếu sáng các tuyến đường nội thị", QLDT, "Toàn thị xã", 9000, 2100),
    SampleProject("Hạ tầng kỹ thuật khu dân cư Gò Vàn", BAN_QLDA, "Phổ Thạnh", 24000, 3477, 4000),
)
NEW_RURAL = (
    SampleProject("Đường giao thông nông thôn thôn Hội An", "UBND xã Phổ An", "Phổ An", 2500, 300, pace="slow"),
    SampleProject("Nhà văn hóa thôn Trung Hòa", "UBND xã Phổ Châu", "Phổ Châu", 1800, 166, pace="slow"),
    SampleProject("Kiên cố hóa kênh mương thôn Đông Quang", "UBND xã Phổ Nhơn", "Phổ Nhơn", 2200, 200, pace="slow"),
    SampleProject("Đường trục xã Phổ Khánh (đoạn thôn Tân Hy)", KHANH, "Phổ Khánh", 2500, 0, pace="lagging"),
)
POVERTY = (
    SampleProject("Hỗ trợ phát triển sản xuất, đa dạng hóa sinh kế", LDTBXH, "Phổ Châu", 1200, 51.9, pace="slow"),
    SampleProject("Nâng cao năng lực, giám sát, đánh giá chương trình", LDTBXH, "", 600, 0, pace="slow"),
    SampleProject("Hỗ trợ cải thiện nhà ở cho hộ nghèo", KHANH, "Phổ Khánh", 1200, 0, pace="lagging"),
)
# Approved in June 2023 (seed 001, item 4): in the reports from 31/8 on.
THACH_DUC = SampleProject("Cầu Thạch Đức", BAN_QLDA, "Phổ Minh", 12000, 0)
THACH_DUC_PAID = {date(2023, 9, 30): 1200, date(2023, 10, 31): 3500, date(2023, 11, 30): 6800, date(2023, 12, 31): 10900}
# fmt: on
_BEFORE_MAY = {date(2023, 3, 31): 0.55, date(2023, 4, 30): 0.8}  # share of the 31/5 figure
# Share of the way from the 31/5 figure to the year-end figure at each later snapshot.
_AFTER_MAY = {"normal": (0.42, 0.58, 0.68, 0.78, 0.88, 1.0), "slow": (0.15, 0.3, 0.42, 0.55, 0.7, 1.0)}


def _paths(rng: random.Random, p: SampleProject) -> dict[date, float]:
    """Disbursed at each snapshot: rising, never above the plan, exactly the seed figure on 31/5."""
    capital = p.plan + (p.extended or 0)
    # Year-end shares keep the lagging investor last at every later snapshot, whatever the generator draws.
    if p.pace == "normal":
        share = rng.choice((1.0, 1.0, 0.99, 0.98, 0.97))
    elif p.pace == "slow":
        share = rng.uniform(0.72, 0.88)
    else:
        share = rng.uniform(0.5, 0.64)
    final = capital * share
    out: dict[date, float] = {}
    previous = 0.0
    later = iter(_AFTER_MAY["normal" if p.pace == "normal" else "slow"])
    for day in SNAPSHOTS:
        if day < SEED_AS_OF:
            value: float = round(p.may * (_BEFORE_MAY[day] + rng.uniform(-0.04, 0.04)))
        elif day == SEED_AS_OF:
            value = p.may
        else:
            value = round(p.may + (final - p.may) * next(later))
        previous = min(max(value, previous), capital)
        out[day] = previous
    return out


def _groups(paid: dict[str, dict[date, float]], day: date) -> list[Group | Project]:
    """The report's groups at a snapshot date."""

    def lines(projects: tuple[SampleProject, ...]) -> list[Group | Project]:
        return [Project(p.name, p.investor, p.place, p.plan, paid[p.name][day], p.extended) for p in projects]

    town = lines(TOWN)
    if day >= date(2023, 8, 31):
        town.append(
            Project(
                THACH_DUC.name,
                THACH_DUC.investor,
                THACH_DUC.place,
                THACH_DUC.plan,
                THACH_DUC_PAID.get(day, 0),
            )
        )
    return [
        Group("A", "Vốn ngân sách trung ương", lines(NTW)),
        Group(
            "B",
            "Vốn ngân sách địa phương",
            [Group("I", "Ngân sách tỉnh hỗ trợ", lines(PROVINCE)), Group("II", "Ngân sách thị xã", town)],
        ),
        Group(
            "C",
            "Chương trình mục tiêu quốc gia",
            [
                Group("I", "Chương trình MTQG xây dựng nông thôn mới", lines(NEW_RURAL)),
                Group("II", "Chương trình MTQG giảm nghèo bền vững", lines(POVERTY)),
            ],
        ),
    ]


def target_rows() -> list[TargetRow]:
    """2022 and 2023: seed 001's milestones and 100% goals, plus a realistic mid-2023 online-submission step."""
    rows: list[TargetRow] = []
    for year in (2022, 2023):
        conclusion = (
            "Kết luận phiên họp UBND thị xã tháng 5/2023" if year == 2023 else "Kế hoạch đầu tư công năm 2022"
        )
        rows += [
            TargetRow("Tỷ lệ giải ngân", year, 60, due=date(year, 6, 30), note=conclusion),
            TargetRow("Tỷ lệ giải ngân", year, 100, due=date(year, 12, 31), note=conclusion),
            TargetRow(
                "Tỷ lệ giải ngân",
                year,
                40,
                source="Chương trình MTQG xây dựng nông thôn mới",
                due=date(year, 6, 30),
            ),
            TargetRow(
                "Tỷ lệ giải ngân",
                year,
                40,
                source="Chương trình MTQG giảm nghèo bền vững",
                due=date(year, 6, 30),
            ),
            TargetRow("Tỷ lệ nộp hồ sơ trực tuyến", year, 100, note="Phấn đấu đạt 100%"),
            TargetRow("Tỷ lệ thanh toán trực tuyến", year, 100, note="Phấn đấu đạt 100%"),
            TargetRow("Tỷ lệ giải quyết đúng hạn", year, 95),
            TargetRow("Thu ngân sách so dự toán", year, 100, note="Dự toán HĐND thị xã giao"),
            TargetRow("Tỷ lệ hoàn thành nhiệm vụ", year, 100),
        ]
    rows.append(
        TargetRow(
            "Tỷ lệ nộp hồ sơ trực tuyến", 2023, 50, due=date(2023, 6, 30), note="Mốc giữa năm, sát thực tế"
        )
    )
    return rows


def generate(out_dir: Path, rng: random.Random) -> list[Path]:
    """Write the nine 2023 disbursement snapshots and the targets sheet; return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    projects = (*NTW, *PROVINCE, *TOWN, *NEW_RURAL, *POVERTY)
    paid = {p.name: _paths(rng, p) for p in projects}
    paths: list[Path] = []
    for day in SNAPSHOTS:
        path = out_dir / f"giai_ngan_dtc_{day:%Y_%m_%d}.xlsx"
        early = day < SEED_AS_OF  # the first reports of the year: one plan column, total at the bottom
        write_disbursement_report(
            path,
            groups=_groups(paid, day),
            year=2023,
            as_of=day,
            money_unit="đồng" if day == date(2023, 10, 31) else "triệu đồng",
            split_plan=not early,
            total="last" if early else "first",
            created=datetime.combine(day + timedelta(days=5), time(8)),
        )
        paths.append(path)
    path = out_dir / "chi_tieu_2022_2023.xlsx"
    write_targets(path, rows=target_rows(), years="năm 2022–2023", created=datetime(2023, 6, 15, 8))
    paths.append(path)
    return paths
