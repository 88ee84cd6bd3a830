"""The plotly.js bundles shipped in static/vendor/: version, licence, and which chart uses which."""

import plotly.offline
import pytest

from analysis.core import paths, vendor
from analysis.facts import methods
from analysis.facts.load import load_dataset
from analysis.figures.registry import all_charts


def major_minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


@pytest.mark.parametrize("bundle", vendor.BUNDLES, ids=lambda b: b.name)
def test_bundle_matches_the_plotly_js_the_python_package_writes_for(bundle):
    emitted = plotly.offline.get_plotlyjs_version()
    assert major_minor(bundle.version) == major_minor(emitted), (
        f"{bundle.file} is plotly.js {bundle.version}, but plotly {plotly.__version__} writes "
        f"figures for plotly.js {emitted}: vendor {bundle.package}@{emitted} "
        "(static/vendor/README.md)"
    )
    # The file itself says what it is (its banner), not only its name.
    assert bundle.banner() == (bundle.name, bundle.version)
    assert bundle.path.name == f"plotly-{bundle.name}-{bundle.version}.min.js"


def test_bundles_ship_with_their_licence_and_are_documented():
    licence = (paths.STATIC / vendor.LICENCE_FILE).read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly Technologies Inc." in licence
    readme = (paths.STATIC / "vendor" / "README.md").read_text(encoding="utf-8")
    for b in vendor.BUNDLES:
        assert b.path.name in readme and b.package in readme
    shipped = {p.name for p in (paths.STATIC / "vendor").glob("*.js")}
    assert shipped == {b.path.name for b in vendor.BUNDLES}, "an unlisted or stale bundle"
    assert any(f"plotly.js {vendor.PLOTLY_JS_VERSION}" in lic.what for lic in methods.LICENCES)


def test_every_registered_chart_has_a_bundle_that_draws_all_its_traces():
    df = load_dataset()
    for name, (_, builder) in all_charts().items():
        types = {t.type for t in builder(df).data}
        found = vendor.bundles_for(types)
        assert found, f"{name}: no shipped bundle draws {sorted(types)}"
        assert types <= found[0].traces


def test_the_smallest_bundle_comes_first():
    assert [b.name for b in vendor.bundles_for({"bar"})] == ["basic"]
    assert [b.name for b in vendor.bundles_for({"scatter"})] == ["basic", "geo"]
    assert [b.name for b in vendor.bundles_for({"choropleth", "scattergeo"})] == ["geo"]
    assert vendor.bundles_for({"scatter3d"}) == ()
    sizes = [b.path.stat().st_size for b in vendor.BUNDLES]
    assert sizes == sorted(sizes)
