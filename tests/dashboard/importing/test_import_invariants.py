"""What the importer guarantees whatever the layout: every sheet and row accounted for, no empty or shrunken replace."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence

import openpyxl
import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from dashboard import settings
from dashboard.cli import commands as cli
from dashboard.importing.importer import import_file
from dashboard.importing.result import ImportResult
from dashboard.settings import Settings
from dashboard.store import db
from dashboard.store.models import Batch, Dossier
from tests.conftest import SECTOR_ROWS, official_report

Rows = Sequence[Sequence[object]]

LIST_HEADER = [
    "Mã hồ sơ",
    "Đơn vị tiếp nhận",
    "Ngày tiếp nhận",
    "Hạn xử lý",
    "Ngày trả kết quả",
    "Trạng thái",
]


def dossier(n: int, unit: str = "Phổ An") -> list[object]:
    """Dossier n of March 2023, returned on the 4th day after it came in."""
    return [
        f"HS-{n:03d}",
        unit,
        f"{n:02d}/03/2023",
        f"{n + 5:02d}/03/2023",
        f"{n + 3:02d}/03/2023",
        "Đã trả kết quả",
    ]


TASK_TITLE: Rows = [["UBND THỊ XÃ ĐỨC PHỔ"], ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2023"], []]
TASK_HEADER = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian thực hiện", "Tình trạng"]
TASK_ROWS: Rows = [
    ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],  # a group heading
    [1, "Rà soát văn bản quy phạm pháp luật", "Phòng Tư pháp", "30/06/2023", "Đã hoàn thành"],
    [2, "Kiểm tra công tác cải cách hành chính", "Phòng Nội vụ", "Quý III/2023", "Đang thực hiện"],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", ""],
    [1, "Công khai thủ tục hành chính", "Văn phòng HĐND và UBND thị xã", "Thường xuyên", ""],
    [2, "", "", "", ""],  # a numbered blank row of the template
]


def xlsx(*sheets: tuple[str, Rows]) -> bytes:
    """A workbook with these sheets, rows from A1."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(engine: Engine, content: bytes, **kw: object) -> ImportResult:
    return import_file(content, "tep.xlsx", engine=engine, user="t", **kw)  # type: ignore[arg-type]


def notes(result: ImportResult) -> list[str]:
    return [n.line("tep.xlsx") for n in result.notes]


def problem_lines(result: ImportResult) -> list[str]:
    return [p.line("tep.xlsx") for p in result.problems.items]


def active_batches(engine: Engine) -> list[Batch]:
    with Session(engine) as s:
        return list(
            s.scalars(select(Batch).where(col(Batch.status) == "active").order_by(col(Batch.id))).all()
        )


def test_rows_read_stored_and_skipped_are_kept_on_the_batch(seeded: Engine) -> None:
    result = run(seeded, xlsx(("KH CCHC", [*TASK_TITLE, TASK_HEADER, *TASK_ROWS])))
    assert result.stored, problem_lines(result)
    assert notes(result) == [
        "INFO tep.xlsx › KH CCHC: đọc 6 dòng, lưu 3, bỏ qua 3 (2 dòng tiêu đề nhóm; 1 dòng chỉ có số thứ tự)."
    ]
    (batch,) = active_batches(seeded)
    assert batch.row_count == 3
    assert json.loads(batch.row_counts_json) == {
        "read": 6,
        "stored": 3,
        "skipped": {"dòng tiêu đề nhóm": 2, "dòng chỉ có số thứ tự": 1},
    }


def test_a_report_stores_a_figure_for_each_row_it_reads(seeded: Engine) -> None:
    result = run(seeded, official_report())
    assert result.stored, problem_lines(result)
    (batch,) = active_batches(seeded)
    counts = json.loads(batch.row_counts_json)
    # Two sector rows and the "Tổng cộng" row; figures stored: the two sectors and the unit's total.
    assert (counts["read"], counts["stored"], batch.row_count) == (3, 3, 3)


def test_every_sheet_is_read_or_named_with_why(seeded: Engine) -> None:
    near_list = [["Mã hồ sơ", "Tên thủ tục", "Lĩnh vực"], ["HS-1", "Đăng ký khai sinh", "Hộ tịch"]]
    content = xlsx(
        ("Bìa", [["BÁO CÁO THÁNG 3/2023"], ["Người lập: Nguyễn Văn A"]]),
        ("Danh sách", [LIST_HEADER, dossier(1), dossier(2)]),
        ("Trống", []),
        ("Tra cứu", near_list),
        ("Danh sách cũ", [LIST_HEADER]),
    )
    result = run(seeded, content)
    assert result.stored, problem_lines(result)
    assert notes(result) == [
        "INFO tep.xlsx › Bìa: bỏ qua: không nhận ra bảng số liệu nào (không phải báo cáo hệ thống nhận).",
        "INFO tep.xlsx › Danh sách: đọc 2 dòng, lưu 2, bỏ qua 0.",
        "INFO tep.xlsx › Trống: trang trống, bỏ qua.",
        "INFO tep.xlsx › Tra cứu: bỏ qua: không nhận ra bảng số liệu. Gần nhất là Danh sách hồ sơ TTHC (xuất từ hệ "
        "thống một cửa) (trang “Tra cứu”, dòng 1 khớp 3 cột tiêu đề), còn thiếu cột: “Ngày tiếp nhận”.",
        "INFO tep.xlsx › Danh sách cũ: bỏ qua: nhận ra Danh sách hồ sơ TTHC (xuất từ hệ thống một cửa) nhưng không "
        "có dòng số liệu nào dưới tiêu đề.",
    ]
    assert [b.sheet for b in active_batches(seeded)] == ["Danh sách"]


@pytest.mark.parametrize(
    "sheets",
    [
        pytest.param([("Danh sách", [LIST_HEADER])], id="one list, header only"),
        pytest.param(
            [("Tháng 3", [LIST_HEADER]), ("Tháng 4", [LIST_HEADER, []])], id="two lists, header only"
        ),
        pytest.param(
            [("KH", [*TASK_TITLE, TASK_HEADER, ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""]])], id="tasks, heading"
        ),
    ],
)
def test_a_file_in_which_no_sheet_has_data_is_an_error(
    seeded: Engine, sheets: list[tuple[str, Rows]]
) -> None:
    result = run(seeded, xlsx(*sheets), accept_warnings=True)
    assert not result.stored
    assert [(p.severity, p.code) for p in result.problems.items] == [("error", "no_data_rows")]
    assert all(f"“{name}”" in result.problems.items[0].message for name, _ in sheets)
    assert active_batches(seeded) == []


def test_no_kind_recognised_names_the_closest_and_what_it_lacks(seeded: Engine) -> None:
    header = [
        "STT",
        "Nội dung công việc",
        "Thời gian thực hiện",
        "Tình trạng",
    ]  # a task list without its lead
    result = run(seeded, xlsx(("Nhiệm vụ", [*TASK_TITLE, header, [1, "Rà soát", "30/06/2023", ""]])))
    assert [p.code for p in result.problems.items] == ["no_table"]
    message = result.problems.items[0].message
    assert (
        "Gần nhất là Danh sách nhiệm vụ được giao (kế hoạch, thông báo kết luận) (trang “Nhiệm vụ”, dòng 4 khớp 3 "
        "cột tiêu đề), còn thiếu cột: “Cơ quan chủ trì”." in message
    )


# --- replacing with markedly less ---------------------------------------------------------------------------------


def list_of(*rows: list[object]) -> bytes:
    return xlsx(("Danh sách", [["Từ ngày 01/03/2023 đến ngày 31/03/2023"], LIST_HEADER, *rows]))


def stored_codes(engine: Engine) -> int:
    with Session(engine) as s:
        return int(
            s.execute(
                select(func.count()).select_from(Dossier).join(Batch).where(col(Batch.status) == "active")
            ).scalar_one()
        )


@pytest.mark.parametrize(
    ("new_rows", "lost"),
    [
        pytest.param([dossier(1), dossier(2), dossier(3), dossier(9, "Phổ Châu")], None, id="4 of 5 rows"),
        pytest.param(
            [dossier(1), dossier(2), dossier(9, "Phổ Châu")], "số dòng từ 5 xuống 3", id="3 of 5 rows"
        ),
        pytest.param(
            [dossier(n) for n in range(1, 5)],
            "số liệu của 1 đơn vị không còn trong tệp mới (Phổ Châu)",
            id="a unit vanishes",
        ),
    ],
)
def test_replacing_a_list_with_markedly_less_is_a_warning(
    seeded: Engine, new_rows: list[list[object]], lost: str | None
) -> None:
    old = [*(dossier(n) for n in range(1, 5)), dossier(9, "Phổ Châu")]
    assert run(seeded, list_of(*old)).stored
    result = run(seeded, list_of(*new_rows))
    if lost is None:
        assert result.stored and result.problems.items == []
        return
    assert not result.stored and result.blocked_by_warnings
    ((code, message),) = [(p.code, p.message) for p in result.problems.items]
    assert code == "replaces_with_less" and lost in message and "lô #1" in message
    assert stored_codes(seeded) == 5  # nothing replaced until the warning is accepted
    assert run(seeded, list_of(*new_rows), accept_warnings=True).stored
    assert stored_codes(seeded) == len(new_rows)


def test_replacing_a_report_with_a_lower_total_names_it_and_the_setting_tunes_it(seeded: Engine) -> None:
    assert run(seeded, official_report()).stored
    hotich = SECTOR_ROWS[0]
    smaller = official_report(rows=[hotich], total=hotich[2])  # Hộ tịch only: 1,000 received instead of 2,098
    result = run(seeded, smaller)
    ((code, message),) = [(p.code, p.message) for p in result.problems.items]
    assert code == "replaces_with_less"
    assert "tổng số hồ sơ tiếp nhận từ 2.098 xuống 1.000" in message and "số dòng từ 3 xuống 2" in message
    lenient = run(seeded, smaller, settings=Settings(replace_drop_warn_pct=60))
    assert lenient.stored and lenient.problems.items == []


# --- the CLI prints what the batch keeps ---------------------------------------------------------------------------


@pytest.fixture
def cli_db(seeded: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("IOC_DATABASE_URL", seeded.url.render_as_string(hide_password=False))
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()
    yield seeded
    settings.get_settings.cache_clear()
    db._engine_for.cache_clear()


def test_cli_prints_rows_and_skipped_sheets(
    cli_db: Engine, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "ds.xlsx"
    path.write_bytes(
        xlsx(("Danh sách", [LIST_HEADER, dossier(1), dossier(2)]), ("Ghi chú", [["Xuất ngày 05/04"]]))
    )
    assert cli.main(["import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "INFO ds.xlsx › Danh sách: đọc 2 dòng, lưu 2, bỏ qua 0.",
        "INFO ds.xlsx › Ghi chú: bỏ qua: không nhận ra bảng số liệu nào (không phải báo cáo hệ thống nhận).",
        "OK ds.xlsx: đã lưu lô #1, 2 dòng.",
    ]
