"""The overview's light map component: the figure it is given, and the shipped bundle."""

import json

from analysis.app import lightmap
from analysis.core import paths
from analysis.facts import methods
from analysis.facts.load import load_dataset
from analysis.figures.registry import all_charts


def test_the_component_draws_the_same_figure_without_the_python_template():
    fig = all_charts()["duration_map"][1](load_dataset())
    out = json.loads(lightmap.figure_json(fig))
    assert "template" not in out["layout"]
    assert len(out["data"]) == len(fig.data)
    choro = out["data"][0]
    assert choro["type"] == "choropleth" and len(choro["locations"]) == 51
    assert choro["customdata"] == list(fig.data[0].customdata)
    # The source line and title an exported image carries are there too.
    assert out["layout"]["title"]["text"] == fig.layout.title.text
    assert fig.layout.template is not None  # the cached figure itself is left unchanged


def test_the_shipped_geo_bundle_is_the_recorded_version_with_its_licence():
    bundle = paths.STATIC / lightmap.PLOTLY_GEO
    head = bundle.read_text(encoding="utf-8")[:300]
    version = lightmap.PLOTLY_GEO.split("plotly-geo-")[1].removesuffix(".min.js")
    assert f"plotly.js (geo - minified) v{version}" in head
    assert "MIT" in (paths.STATIC / "vendor" / "LICENSE-plotly.js.txt").read_text()
    assert any(f"plotly.js {version}" in lic.what for lic in methods.LICENCES)
    assert lightmap.available()


def test_the_component_code_loads_nothing_but_the_url_it_is_given():
    js = lightmap.JS
    assert "http://" not in js and "https://" not in js and "cdn" not in js.lower()
    assert "s.src = url" in js
