"""Exports: chart files, CSV/XLSX, the data package, the command line (briefs: test_brief.py).

Expected values come from the dataset, the codebook and sources.json, read here; the
files are checked the way a user's tools would read them (PNG header, XML parser,
pandas/openpyxl, frictionless, pypdf).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis.core import package, paths
from analysis.core.schema import CODED_FIELDS, FIELDS
from analysis.core.validate import frame_from_strings
from analysis.facts import load
from analysis.figures.registry import all_charts
from analysis.publish import images, tables

ROOT = paths.ROOT
VIEW_URL = "http://127.0.0.1:8501/export?states=MS,AL,TN&topics=duration,penalties"
# The release, read from pyproject.toml here (not through the code under test).
PROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
HAS_BROWSER = images.find_browser() is not None
needs_browser = pytest.mark.skipif(not HAS_BROWSER, reason="no Chrome/Chromium")


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return load.load_dataset()


@pytest.fixture(scope="module")
def ev() -> pd.DataFrame:
    return load.load_evidence()


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)  # raises if the SVG is not well-formed XML
    assert root.tag.endswith("svg")
    return " ".join(t for t in root.itertext())


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Chart images ----------------------------------------------------------------------


@needs_browser
def test_map_png_is_twice_the_layout_size(df):
    fig = all_charts()["duration_map"][1](df)
    prepared = images.prepare(fig, VIEW_URL)
    png = images.to_png(fig, VIEW_URL)
    w, h = png_size(png)
    assert (w, h) == (2 * prepared.layout.width, 2 * prepared.layout.height)
    assert w >= 2 * 700 and len(png) > 50_000  # a drawn map, not a blank page


@needs_browser
def test_map_svg_parses_draws_51_states_and_carries_title_source_asof_and_url(df):
    name = "duration_map"
    title = all_charts()[name][1](df).layout.meta["title"]
    svg = images.to_svg(all_charts()[name][1](df), VIEW_URL)
    text = norm(svg_text(svg))
    assert title in text
    assert "Source: Table 32" in text
    assert "Table 32 undated; coded as published, not current law." in text
    assert f"dataset version {PROJECT_VERSION}." in text  # the release the files name
    assert "View: " + VIEW_URL in text.replace("&amp;", "&")
    # The outlines came from static/topojson: one path per jurisdiction.
    assert svg.count(b"choroplethlocation") == len(df) == 51


@needs_browser
def test_every_registered_chart_exports_as_png_svg_and_html(df):
    for name, (_, builder) in all_charts().items():
        fig = builder(df)
        w, _ = png_size(images.to_png(fig))
        assert w >= 2 * 700, name
        svg_text(images.to_svg(fig))
        assert '<script src="http' not in images.to_html(fig)


@needs_browser
def test_one_export_browser_serves_concurrent_requests(df):
    import threading

    images.shutdown()
    starts = images._browser.starts
    fig = all_charts()["duration_tiles"][1](df)
    results: list[bytes] = []
    threads = [
        threading.Thread(target=lambda: results.append(images.to_png(fig))) for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(results) == 3 and len(set(results)) == 1  # same figure, same bytes
    assert images._browser.starts == starts + 1


@needs_browser
def test_a_second_png_reuses_the_export_browser(df):
    """One export browser per process: a second image does not start another Chromium.
    (How fast it is is measured by `python -m analysis bench`, not asserted here.)"""
    fig = all_charts()["duration_tiles"][1](df)
    first = images.to_png(fig)
    starts = images._browser.starts
    second = images.to_png(fig)
    assert images._browser.starts == starts
    assert first[:8] == second[:8] == b"\x89PNG\r\n\x1a\n"


def test_html_is_self_contained_with_plotly_and_outlines_inlined(df):
    fig = all_charts()["duration_map"][1](df)
    page = images.to_html(fig, VIEW_URL)
    srcs = re.findall(r"<script[^>]*\bsrc\s*=\s*['\"]?([^'\" >]+)", page, flags=re.I)
    assert not [s for s in srcs if s.lower().startswith(("http:", "https:", "//"))]
    assert not re.search(r"<link[^>]+href=['\"]https?:", page, flags=re.I)
    plotly_js = Path(__import__("plotly").__file__).parent / "package_data" / "plotly.min.js"
    assert plotly_js.read_text(encoding="utf-8")[:2000] in page  # plotly.js inlined
    outline = json.loads((paths.STATIC / "topojson" / "usa_110m.json").read_text())
    assert "PlotlyGeoAssets" in page and '"usa_110m"' in page
    assert str(outline["arcs"][0][0]).replace(" ", "") in page  # the outline itself
    assert "Table 32 undated; coded as published, not current law." in page
    assert f"dataset version {PROJECT_VERSION}." in page


def test_without_a_browser_images_fail_clearly_and_html_still_works(df, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert images.find_browser() is None
    assert not images.images_available()
    fig = all_charts()["duration_tiles"][1](df)
    with pytest.raises(images.ImagesUnavailable, match="Chrome or Chromium"):
        images.to_png(fig)
    assert '<div id="chart"' in images.to_html(fig)


# --- Data files ------------------------------------------------------------------------


def test_dataset_csv_is_the_committed_file_and_round_trips(df):
    encoded = tables.encode_csv(df)
    assert encoded == (paths.PROCESSED / paths.DATASET_CSV).read_bytes()
    back = frame_from_strings(pd.read_csv(io.BytesIO(encoded), dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(back, df, check_dtype=False)


def test_view_csv_puts_the_evidence_after_each_coded_column(df, ev):
    view = df[df.state_code.isin(["MS", "CO", "TN"])][
        [
            "state_code",
            "state_name",
            "final_order_max_months",
            "violation_max_jail_days",
            "penalty_text",
        ]
    ]
    back = pd.read_csv(io.BytesIO(tables.view_csv(view, ev)), dtype=str, keep_default_na=False)
    assert list(back.columns) == [
        "state_code",
        "state_name",
        "final_order_max_months",
        "final_order_max_months_evidence",
        "violation_max_jail_days",
        "violation_max_jail_days_evidence",
        "penalty_text",
    ]
    by = ev.set_index(["state_code", "field"])["evidence"]
    for r in back.itertuples():
        assert r.final_order_max_months_evidence == by[(r.state_code, "final_order_max_months")]
        assert r.violation_max_jail_days_evidence == by[(r.state_code, "violation_max_jail_days")]
    # Not stated is an empty cell, never 0.
    co = back.set_index("state_code").loc["CO"]
    assert pd.isna(df.set_index("state_code").loc["CO", "final_order_max_months"])
    assert co.final_order_max_months == ""


def _cell(v):
    """A value as pandas reads a sheet: None for empty, numbers (and yes/no) as float."""
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) or v == "":
        return None
    if isinstance(v, (bool, np.bool_, int, float, np.integer, np.floating)):
        return float(v)
    return str(v)


def test_workbook_sheets_read_back_equal_to_the_data(df, ev):
    xlsx = tables.workbook(df, ev, VIEW_URL)
    sheets = pd.read_excel(
        io.BytesIO(xlsx), sheet_name=None, engine="openpyxl", keep_default_na=False, na_values=[""]
    )
    assert list(sheets) == ["data", "evidence", "codebook", "sources & how to cite"]
    # Text stays text ("01" is a FIPS code, not the number 1): read text columns as text.
    text_cols = {f.name: str for f in FIELDS if f.dtype in ("string", "category")}
    got = pd.read_excel(
        io.BytesIO(xlsx),
        sheet_name="data",
        engine="openpyxl",
        dtype=text_cols,
        keep_default_na=False,
        na_values=[""],
    )
    sheets["evidence"] = pd.read_excel(
        io.BytesIO(xlsx),
        sheet_name="evidence",
        dtype=str,
        engine="openpyxl",
        keep_default_na=False,
        na_values=[""],
    )
    assert list(got.columns) == list(df.columns)
    for col in df.columns:
        assert [_cell(v) for v in got[col]] == [_cell(v) for v in df[col]], col
    # Yes/no columns are spreadsheet booleans (TRUE/FALSE), not numbers or text.
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["data"]
    for j, f in enumerate(FIELDS, start=1):
        if f.dtype == "bool":
            types = {
                ws.cell(row=r, column=j).data_type
                for r in range(2, len(df) + 2)
                if ws.cell(row=r, column=j).value is not None
            }
            assert types == {"b"}, f.name
    got_ev = sheets["evidence"]
    assert len(got_ev) == len(ev) == len(df) * len(CODED_FIELDS)
    for col in ev.columns:
        assert [_cell(v) for v in got_ev[col]] == [_cell(v) for v in ev[col]], col
    book = sheets["codebook"]
    assert list(book["column"]) == [f.name for f in FIELDS]
    assert list(book["label"]) == [f.label for f in FIELDS]
    cite = " ".join(str(v) for v in sheets["sources & how to cite"].to_numpy().ravel())
    for rec in json.loads(paths.SOURCES_FILE.read_text(encoding="utf-8")).values():
        assert rec["sha256"] in cite and rec["title"] in cite
    assert "not current law" in cite and VIEW_URL in cite


def test_workbook_keeps_formula_like_text_as_text(df, ev):
    view = df[df.state_code == "MS"].copy()
    view["penalty_text"] = '=HYPERLINK("http://example.invalid")'
    wb = openpyxl.load_workbook(io.BytesIO(tables.workbook(view, ev)))
    ws = wb["data"]
    col = list(view.columns).index("penalty_text") + 1
    cell = ws.cell(row=2, column=col)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


# --- Data package ----------------------------------------------------------------------


def test_committed_datapackage_is_current_and_validates():
    from frictionless import validate

    committed = paths.PROCESSED / package.DATAPACKAGE_JSON
    assert committed.exists(), "run: python -m analysis datapackage"
    assert committed.read_text(encoding="utf-8") == package.to_json(package.descriptor()), (
        "datapackage.json is stale: python -m analysis datapackage"
    )
    report = validate(str(committed))
    assert report.valid, report.flatten(["type", "note"])[:10]
    desc = json.loads(committed.read_text(encoding="utf-8"))
    csvs = {p.name for p in paths.PROCESSED.glob("*.csv")}
    copies = {"protective_orders.parquet", "protective_orders.xlsx", "protective_orders.sqlite"}
    assert {r["path"] for r in desc["resources"]} == csvs | {paths.SUMMARY_JSON} | copies


def test_datapackage_schema_follows_the_codebook():
    desc = package.descriptor()
    schema = next(r for r in desc["resources"] if r["path"] == paths.DATASET_CSV)["schema"]
    assert schema["missingValues"] == [""]
    assert [f["name"] for f in schema["fields"]] == [f.name for f in FIELDS]
    by = {f["name"]: f for f in schema["fields"]}
    kinds = {
        "string": "string",
        "category": "string",
        "int": "integer",
        "float": "number",
        "bool": "boolean",
    }
    for f in FIELDS:
        assert by[f.name]["type"] == kinds[f.dtype], f.name
        assert by[f.name]["description"].startswith(f.description)
        if f.codes:
            assert by[f.name]["constraints"]["enum"] == list(f.codes)


def test_datapackage_validation_catches_a_bad_code(tmp_path):
    from frictionless import validate

    for p in paths.PROCESSED.glob("*.csv"):
        shutil.copy(p, tmp_path / p.name)
    package.write(tmp_path)
    assert validate(str(tmp_path / "datapackage.json")).valid
    csv = tmp_path / paths.DATASET_CSV
    csv.write_text(
        csv.read_text(encoding="utf-8").replace(",within_24h,", ",soonish,", 1), encoding="utf-8"
    )
    package.write(tmp_path)  # fresh checksums: only the content check can fail
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "constraint-error" in {e.type for t in report.tasks for e in t.errors}


# --- Command line ----------------------------------------------------------------------


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_cli_errors_are_one_line_and_nonzero(tmp_path):
    for args in (
        ["brief", "--states", "MS,XX", "--out", str(tmp_path / "b.pdf")],
        ["brief", "--states", "MS", "--topics", "money"],
        ["brief", "--states", "MS", "--out", str(tmp_path / "no" / "b.pdf")],
        ["brief", "--states", "MS", "--public-url", "http://127.0.0.1:8611/"],
        ["charts", "--out", str(tmp_path), "--only", "nonesuch"],
    ):
        proc = _run(*args)
        assert proc.returncode != 0, args
        assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr, args


def test_cli_charts_without_a_browser_writes_html_and_says_why(tmp_path):
    proc = _run(
        "charts",
        "--out",
        str(tmp_path),
        "--only",
        "duration_tiles",
        env={"BROWSER_PATH": "/nonexistent/chromium"},
    )
    assert proc.returncode != 0
    assert "Chrome or Chromium" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "duration_tiles.html").exists()
    assert not (tmp_path / "duration_tiles.png").exists()


@needs_browser
def test_cli_charts_writes_png_svg_and_html(tmp_path):
    proc = _run("charts", "--out", str(tmp_path), "--only", "duration_map,duration_tiles")
    assert proc.returncode == 0, proc.stderr
    for name in ("duration_map", "duration_tiles"):
        png_size((tmp_path / f"{name}.png").read_bytes())
        svg_text((tmp_path / f"{name}.svg").read_bytes())
        assert "PlotlyGeoAssets" in (tmp_path / "duration_map.html").read_text()


# --- The page (AppTest) ----------------------------------------------------------------


def run_export(settle: bool = True, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.switch_page("pages/export.py")
    for k, v in params.items():
        at.query_params[k] = v
    # The first run leaves Streamlit's legacy page mode (ui.page_guard reruns); run again so
    # a click in the test targets the settled page, as a visitor's click does.
    at.run()
    return at.run() if settle else at


def _download_labels(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_export_page_default():
    at = run_export()
    assert not at.exception
    assert at.title[0].value == "Downloads & briefs"
    labels = _download_labels(at)
    for want in (
        "Dataset (CSV, as built)",
        "Dataset workbook (XLSX)",
        "Evidence (CSV)",
        "Data package (datapackage.json)",
        "Data dictionary (Markdown)",
    ):
        assert want in labels
    build = next(b for b in at.button if b.label == "Build the brief")
    assert build.disabled  # no state chosen yet


def test_export_page_ignores_a_bad_state_in_the_url_with_a_notice():
    at = run_export(settle=False, states="MS,ZZ")
    assert not at.exception
    assert at.multiselect[0].value == []
    assert any("'states'" in i.value for i in at.info)


def test_without_a_browser_the_app_says_so_and_still_offers_html(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception
    labels = _download_labels(at)
    assert "Interactive HTML (works offline)" in labels and "PNG image (2x)" not in labels
    assert any("Chrome or Chromium" in c.value for c in at.caption)


def test_charts_in_the_app_offer_downloads():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not at.exception
    labels = _download_labels(at)
    assert "Interactive HTML (works offline)" in labels
    if HAS_BROWSER:
        assert "PNG image (2x)" in labels and "SVG image" in labels


def test_choreographer_ignored_message_traceback_is_not_shown_other_errors_are(caplog):
    """A devtools message choreographer ignores itself prints no traceback (the CLI's
    stderr stays one line); any other choreographer error is still logged."""
    log = logging.getLogger("choreographer.channels.pipe")
    with caplog.at_level(logging.ERROR, logger="choreographer.channels.pipe"):
        try:
            raise ValueError("cut message")
        except ValueError:
            log.exception("JSONError decoding message. Ignoring")
            log.exception("Error in trying to decode JSON off our read.")
    assert [r.getMessage() for r in caplog.records] == [
        "Error in trying to decode JSON off our read."
    ]
    assert images  # the filter is installed when analysis.publish.images is imported
