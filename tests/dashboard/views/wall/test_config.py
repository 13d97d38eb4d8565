"""The wall's TOML: defaults, the shipped file, per-panel settings, the env override, every problem reported."""

from pathlib import Path

import pytest

from dashboard.settings import PROJECT_ROOT
from dashboard.views.wall.config import (
    DEFAULT_FRESHNESS,
    DEFAULT_TILES,
    LATEST_MONTH,
    REFRESH_ENV,
    TILE_VIEWS,
    WallConfigError,
    load_wall_config,
    parse_wall_config,
    refresh_override,
)

SHIPPED = PROJECT_ROOT / "streamlit_config" / "wall.toml"
NO_ENV: dict[str, str] = {}


def panel(config, number):
    found = config.panel(number)
    assert found is not None
    return found


def parse(data, env=NO_ENV):
    return parse_wall_config(data, Path("wall.toml"), env)


def test_without_a_file_the_default_three_by_three_wall(tmp_path):
    config = load_wall_config(tmp_path / "missing.toml", NO_ENV)
    assert (config.rows, config.columns, config.refresh_seconds) == (3, 3, 60.0)
    assert [p.tile for p in config.panels if p] == [tile for tile, _ in DEFAULT_TILES]
    assert config.freshness == DEFAULT_FRESHNESS


def test_the_shipped_file_is_the_issue_s_wall():
    config = load_wall_config(SHIPPED, NO_ENV)
    assert [p.tile for p in config.panels if p] == [tile for tile, _ in DEFAULT_TILES]
    assert panel(config, 4).period == "year_to_date"
    assert panel(config, 9).views == ("investors", "tasks")
    assert panel(config, 1).period == LATEST_MONTH
    assert [r.kind for r in config.freshness][:2] == ["dossier_report", "dossier_list"]


def test_panel_settings_override_the_wall_s():
    config = parse(
        {
            "wall": {"rows": 2, "columns": 2, "period": "y2023", "unit": "xa-pho-an", "rotate_seconds": 30},
            "panel": {
                "1": {"tile": "unit_scorecard", "views": ["communes"], "rotate_seconds": 10},
                "4": {"tile": "dossier_headline", "period": "m2023-05", "unit": ""},
            },
        }
    )
    assert config.panel_count == 4
    first, fourth = panel(config, 1), panel(config, 4)
    assert (first.tile, first.period, first.unit, first.views, first.rotate_seconds) == (
        "unit_scorecard",
        "y2023",
        "xa-pho-an",
        ("communes",),
        10.0,
    )
    assert (fourth.period, fourth.unit, fourth.rotate_seconds) == ("m2023-05", "", 30.0)
    assert config.panel(2) is None and config.panel(3) is None  # left out: dark


@pytest.mark.parametrize(("rows", "columns"), [(2, 2), (3, 3), (4, 4)])
def test_walls_of_other_sizes_get_the_default_tiles_then_dark_panels(rows, columns):
    config = parse({"wall": {"rows": rows, "columns": columns}})
    assert len(config.panels) == rows * columns
    assert [p.tile for p in config.panels if p] == [t for t, _ in DEFAULT_TILES][: rows * columns]


def test_every_problem_is_reported_at_once():
    with pytest.raises(WallConfigError) as caught:
        parse(
            {
                "wall": {"rows": 9, "refresh_seconds": "often", "period": "last_week", "colour": "red"},
                "panel": {
                    "12": {"tile": "dossier_headline"},
                    "2": {"tile": "weather"},
                    "3": {"tile": "laggards", "views": ["roads"]},
                },
                "freshness": {"tasks": {"amber_days": 50, "red_days": 40, "basis": "never"}},
            }
        )
    problems = "\n".join(caught.value.problems)
    for expected in (
        "[wall].rows = 9",
        "[wall].refresh_seconds = 'often'",
        "[wall].period = 'last_week'",
        "không có mục “colour”",
        "[panel.12]: số màn hình phải từ 1 đến 9",
        "[panel.2].tile = 'weather'",
        "ô laggards có: investors, tasks",
        "red_days (40) phải không nhỏ hơn amber_days (50)",
        "[freshness.tasks].basis = 'never'",
    ):
        assert expected in problems
    assert len(caught.value.problems) == 9


def test_a_broken_toml_file_says_so(tmp_path):
    path = tmp_path / "wall.toml"
    path.write_text("[wall\nrows = 3", encoding="utf-8")
    with pytest.raises(WallConfigError, match="không đọc được tệp TOML"):
        load_wall_config(path, NO_ENV)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), ("2", 2.0), ("2.5", 2.5), ("0.1", 0.25), ("soon", None)],
)
def test_refresh_override_from_the_environment(raw, expected):
    assert refresh_override({REFRESH_ENV: raw}) == expected


def test_the_environment_beats_the_file():
    config = parse({"wall": {"refresh_seconds": 60}}, {REFRESH_ENV: "3"})
    assert config.refresh_seconds == 3.0
    assert config.reload_after == 3 * 3 + 30


def test_every_tile_kind_has_at_least_one_view():
    assert all(TILE_VIEWS.values())


def test_every_tile_kind_has_a_title():
    from dashboard.views.wall.text import TITLES

    assert set(TILE_VIEWS) <= set(TITLES)
