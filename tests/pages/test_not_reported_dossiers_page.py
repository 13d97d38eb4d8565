"""AppTest: on the dossiers page a unit that owed the month's report and sent none is listed in the unit charts as
"chưa báo cáo", never as an empty bar that reads 0."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from tests.pages.apptest_data import captions, run_page
from tests.pages.test_overview_first_screen import _report, app_db  # noqa: F401  (the fixture)

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "dossiers.py")


def test_late_rate_chart_names_the_unit_that_did_not_report(app_db: Engine):  # noqa: F811
    for code in ("xa-pho-an", "xa-pho-chau"):
        _report(app_db, code, 10, resolved_total=10, resolved_in_time=10, resolved_late=0)
    _report(app_db, "xa-pho-an", 11, resolved_total=100, resolved_in_time=90, resolved_late=10)
    at = run_page(PAGE, ky="m2023-11")
    specs = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    late = next(
        s for s in specs if "trễ hạn" in s["layout"]["title"]["text"] and s["data"][0]["y"][0] == "Phổ An"
    )
    assert late["data"][0]["y"] == ["Phổ An", "Phổ Châu"]
    assert late["data"][0]["text"] == ["10,00%", "chưa báo cáo"]
    assert "Chưa báo cáo tháng 11/2023: Phổ Châu" in captions(at)  # under the table by unit too
