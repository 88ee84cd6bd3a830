"""The light chart component: the figures it is given, the bundle each page loads, its code."""

import json
import re

import pytest

from analysis.app import lightchart
from analysis.core import vendor
from analysis.core.schema import STATE_NAMES
from analysis.facts.load import load_dataset
from analysis.figures.registry import all_charts
from tests.conftest import bar_html, chart_data, map_html, run_page


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
    ("page", "maps", "bars"),
    [
        ("pages/overview.py", 1, 0),
        ("pages/duration.py", 0, 4),
        ("pages/penalties.py", 0, 5),
        ("pages/transmission.py", 1, 2),
        ("pages/explore.py", 1, 0),
    ],
)
def test_every_page_draws_its_charts_on_the_server_with_no_chart_code(page, maps, bars):
    """Maps as SVG, bar charts as HTML blocks: no page needs a plotly.js bundle, and every
    chart carries a text alternative that names its numbers."""
    at = run_page(page)
    assert not at.exception
    assert not at.get("plotly_chart"), "a chart fell back to the full plotly.js"
    assert chart_data(at) == [], "a chart went to the plotly.js component"
    assert len(map_html(at)) == maps
    assert len(bar_html(at)) == bars
    for markup in map_html(at) + bar_html(at):
        alt = re.search(r'<p class="po-map-alt">([^<]+)</p>', markup).group(1)
        assert len(alt) > 20 and re.search(r"\d", alt), "every chart has a text alternative"


def test_maps_link_every_state_to_its_profile_and_bar_charts_link_nowhere():
    at = run_page("pages/transmission.py")
    assert all("<a " not in b for b in bar_html(at))
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
