"""The light chart component: the figures it is given, the bundle each page loads, its code."""

import json
import re

import pytest

from analysis.app import lightchart
from analysis.core import vendor
from analysis.core.schema import STATE_NAMES
from analysis.facts.load import load_dataset
from analysis.figures.registry import all_charts
from tests.conftest import chart_data, map_html, run_page


def test_the_component_draws_the_same_figure_without_the_python_template():
    fig = all_charts()["duration_map"][1](load_dataset())
    out = json.loads(lightchart.figure_json(fig))
    assert "template" not in out["layout"]
    assert len(out["data"]) == len(fig.data)
    choro = out["data"][0]
    assert choro["type"] == "choropleth" and len(choro["locations"]) == 51
    assert choro["customdata"] == list(fig.data[0].customdata)
    # The source line and title an exported image carries are there too.
    assert out["layout"]["title"]["text"] == fig.layout.title.text
    assert fig.layout.template is not None  # the cached figure itself is left unchanged


def test_a_figure_is_serialized_once_and_the_same_string_is_sent_again():
    fig = all_charts()["penalty_jail"][1](load_dataset())
    first = lightchart.figure_json(fig)
    assert lightchart.figure_json(fig) is first
    assert json.loads(first)["data"][0]["type"] == "bar"


@pytest.mark.parametrize(
    ("chart", "bundle"),
    [("duration_map", "geo"), ("penalty_jail", "basic"), ("duration_tiles", "basic")],
)
def test_a_chart_gets_the_smallest_bundle_that_draws_it(chart, bundle):
    fig = all_charts()[chart][1](load_dataset())
    found = lightchart.bundles(fig)
    assert found[0]["name"] == bundle
    assert all(b["url"].startswith("/app/static/vendor/plotly-") for b in found)


@pytest.mark.parametrize(
    ("page", "bundles", "maps"),
    [
        ("pages/overview.py", set(), 1),
        ("pages/duration.py", {"basic"}, 0),
        ("pages/penalties.py", {"basic"}, 0),
        ("pages/transmission.py", {"basic"}, 1),
        ("pages/explore.py", set(), 1),
    ],
)
def test_every_page_draws_its_charts_with_the_light_component_and_only_the_bundles_it_needs(
    page, bundles, maps
):
    """Bar charts: the light component with the basic bundle; maps: SVG from the server, so
    no page needs the geo bundle."""
    at = run_page(page)
    assert not at.exception
    assert not at.get("plotly_chart"), "a chart fell back to the full plotly.js"
    data = chart_data(at)
    assert {d["bundles"][0]["name"] for d in data} == bundles
    assert len(map_html(at)) == maps
    assert data or maps, "no chart drawn"
    for d in data:
        assert d["alt"] and len(d["alt"]) > 20, "every chart has a text alternative"
        # The space is held at the figure's height before it is drawn (no layout shift).
        assert d["height"] == (json.loads(d["figure"])["layout"].get("height") or 450)
        assert d["config"]["topojsonURL"].endswith("/app/static/topojson/")
        assert "{reason}" in d["unavailable"]
    for markup in map_html(at):
        alt = re.search(r'<p class="po-map-alt">([^<]+)</p>', markup).group(1)
        assert len(alt) > 20, "every map has a text alternative"


def test_maps_link_every_state_to_its_profile_and_bar_charts_are_not_clickable():
    at = run_page("pages/transmission.py")
    assert [d["clickable"] for d in chart_data(at)] == [False, False]
    (markup,) = map_html(at)
    links = re.findall(r'<a href="profile\?state=([A-Z]{2})" tabindex="-1"', markup)
    assert sorted(links) == sorted(STATE_NAMES)


def test_the_component_code_loads_nothing_but_the_urls_it_is_given():
    js = lightchart.JS
    assert "http://" not in js and "https://" not in js and "cdn" not in js.lower()
    assert "s.src = bundle.url" in js
    # It says what went wrong instead of leaving a blank, and names the chart for
    # assistive technology.
    assert 'setAttribute("role", "img")' in js and 'setAttribute("aria-label"' in js
    assert "{reason}" in js


def test_every_bundle_the_component_can_ask_for_is_shipped():
    for b in vendor.BUNDLES:
        assert b.path.is_file(), b.file


def test_charts_have_no_plotly_tool_bar():
    # Its buttons would be controls inside a chart that is one image to a screen reader,
    # and plotly.js 4's "Share chart" goes to another site; files come from "Download chart".
    config = lightchart.plotly_config("duration_map")
    assert config["displayModeBar"] is False and config["displaylogo"] is False
