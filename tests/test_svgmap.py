"""The pages' maps as server-drawn SVG (analysis/figures/svgmap, analysis/core/geo's Albers
USA): what a reader sees on the map matches the dataset and the exported figure."""

import re
from html import unescape

import pytest

from analysis.app import widgets
from analysis.core import display, geo
from analysis.core.schema import STATE_NAMES, TRANSMISSION_CODES
from analysis.facts import load, metrics
from analysis.figures import maps, svgmap, topics
from analysis.figures.style import duration_categories


@pytest.fixture(scope="module")
def df():
    return load.load_dataset()


def links(html: str) -> dict[str, str]:
    """state code -> the markup of its link."""
    return dict(
        re.findall(r'<a href="[^"]*" tabindex="-1" data-code="(\w\w)">(.*?)</a>', html, re.S)
    )


def box(d: str) -> tuple[float, float, float, float]:
    xs, ys, x, y = [], [], 0.0, 0.0
    for cmd, a, b in re.findall(r"([Ml])(-?[\d.]+) (-?[\d.]+)", d):
        x, y = (float(a), float(b)) if cmd == "M" else (x + float(a), y + float(b))
        xs.append(x)
        ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def test_every_state_is_drawn_around_its_own_label_point():
    paths = geo.state_paths()
    assert set(paths) == set(STATE_NAMES)
    for code, (lon, lat) in geo.centroids().items():
        x, y = geo.albers_usa(code, lon, lat)
        x0, y0, x1, y1 = box(paths[code])
        assert x0 <= x <= x1 and y0 <= y <= y1, code


def test_the_projection_places_the_country_as_plotly_does():
    at = {c: geo.albers_usa(c, *geo.centroids()[c]) for c in STATE_NAMES}
    # West to east and north to south, in the lower 48's 960 x 500 frame.
    assert at["CA"][0] < at["TX"][0] < at["FL"][0] < at["ME"][0] <= 960
    assert at["ND"][1] < at["KS"][1] < at["TX"][1] <= 500
    # Alaska and Hawaii in their insets, below and left of the mainland's centre.
    assert at["AK"][0] < at["TX"][0] and at["AK"][1] > at["KS"][1]
    assert at["HI"][0] < at["TX"][0] and at["HI"][1] > at["TX"][1]
    # Alaska drawn at 0.35 scale: smaller than Texas on the page.
    ak, tx = box(geo.state_paths()["AK"]), box(geo.state_paths()["TX"])
    assert (ak[2] - ak[0]) < 1.5 * (tx[2] - tx[0])


def test_the_duration_map_colours_each_state_by_its_cap(df):
    html = svgmap.figure_html(maps.duration_map(df), "ALT", "profile?state={code}")
    drawn = links(html)
    assert len(drawn) == 51
    colour = {c.key: c.color for c in duration_categories()}
    expected = metrics.with_duration_category(df).set_index("state_code")["duration_category"]
    for code, markup in drawn.items():
        assert f'fill="{colour[expected[code]]}"' in markup, code
    assert 'href="profile?state=TN"' in html
    assert '<p class="po-map-alt">ALT</p>' in html


def test_a_state_s_hover_gives_its_value_and_the_source_s_words(df):
    html = svgmap.figure_html(maps.duration_map(df), "ALT", "profile?state={code}")
    title = unescape(re.search(r"<title>(.*?)</title>", links(html)["TN"], re.S).group(1))
    row = df.set_index("state_code").loc["TN"].to_dict()
    assert title.startswith("Tennessee\nMaximum term: ")
    assert display.value_text("final_order_max_months", row) in title
    words = " ".join(row["duration_text"].split())
    assert " ".join(title.split()).split("Source: ", 1)[1][:40] == words[:40]


def test_the_legend_counts_each_category_and_names_the_gap_symbols(df):
    html = svgmap.figure_html(maps.duration_map(df), "ALT", "profile?state={code}")
    legend = re.findall(r"</span>([^<]+)</li>", html)
    counts = metrics.with_duration_category(df)["duration_category"].value_counts()
    expected = []
    for c in duration_categories():
        expected.append(
            f"{c.label} ({int(counts.get(c.key, 0))})" + (f" {c.symbol}" if c.symbol else "")
        )
    assert [unescape(t) for t in legend] == expected
    n_gaps = int(counts.get("not_stated", 0))
    assert html.count(">?</text>") == n_gaps > 0
    assert "Source: Table 32: Protective Orders" in html


def test_the_transmission_map_marks_every_jurisdiction_without_a_deadline(df):
    html = svgmap.figure_html(maps.transmission_map(df), "ALT", "p?s={code}")
    assert len(links(html)) == 51
    silent = int((df["transmission_deadline"] == TRANSMISSION_CODES[-1]).sum())  # none stated
    assert html.count(">?</text>") == silent > 0


def test_the_tile_grid_has_a_square_with_its_code_for_every_jurisdiction_dc_too(df):
    html = svgmap.figure_html(maps.duration_tiles(df), "ALT", "profile?state={code}")
    drawn = links(html)
    assert set(drawn) == set(STATE_NAMES)
    for code, markup in drawn.items():
        assert 'width="44" height="44"' in markup
        assert re.search(rf">{code}</text>", markup), code


def test_other_figures_are_not_drawn_here(df):
    assert svgmap.figure_html(topics.penalty_jail(df), "ALT", "x{code}") is None


def test_the_page_s_map_markup_is_made_once_per_figure_and_text(df):
    fig = maps.duration_map(df)
    first = widgets.inline_html(fig, "ALT", widgets.PROFILE_HREF)
    assert widgets.inline_html(fig, "ALT", widgets.PROFILE_HREF) is first
    other = widgets.inline_html(fig, "OTHER", widgets.PROFILE_HREF)
    assert "OTHER" in other and other is not first


@pytest.mark.parametrize(
    ("code", "lon", "lat", "x", "y"),
    [
        # d3-geo's albersUsa (what plotly.js draws): each part's centre lands on the
        # translate point plus that part's inset offset (x 1070, the default scale).
        ("KS", -96.6, 38.7, 480.0, 250.0),
        ("AK", -156.0, 58.5, 480 - 0.307 * 1070, 250 + 0.201 * 1070),
        ("HI", -160.0, 19.9, 480 - 0.205 * 1070, 250 + 0.212 * 1070),
    ],
)
def test_each_part_of_the_projection_is_centred_as_d3_s_albers_usa(code, lon, lat, x, y):
    px, py = geo.albers_usa(code, lon, lat)
    assert abs(px - x) < 0.01 and abs(py - y) < 0.01
