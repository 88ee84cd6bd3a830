"""The safety layer without a browser: what every page is built from, which paths are
pages, and the headers (the browser tests, tests/browser/test_safety_browser.py, try it
as a visitor would)."""

from __future__ import annotations

import base64
import hashlib
import os
import pwd
import re
from pathlib import Path

import pytest
from streamlit import file_util

from analysis.app import navigation, server
from analysis.core import safety
from analysis.tools import scaleout


def test_every_page_starts_with_the_exit_and_has_one_inline_script_allowed_by_hash():
    page = server.index_html().decode("utf-8")
    body = page.split("<body>", 1)[1].lstrip()
    assert body.startswith('<nav id="po-safety"'), body[:80]
    assert f'href="{safety.EXIT_URL}"' in body and 'rel="noreferrer noopener"' in body
    assert '<meta name="referrer" content="no-referrer">' in page.split("</head>")[0]
    inline = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert inline == [safety.SCRIPT]
    digest = base64.b64encode(hashlib.sha256(safety.SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in safety.HEADERS["Content-Security-Policy"]
    # Streamlit's own code still loads, after ours.
    assert page.index(safety.SCRIPT) < page.index('<script type="module"')


def test_the_exit_url_carries_no_query_and_esc_is_not_a_trigger():
    assert "?" not in safety.EXIT_URL and "#" not in safety.EXIT_URL
    assert '"Escape"' not in safety.SCRIPT and "Esc" not in safety.EXIT_HINT
    assert "Shift" in safety.EXIT_HINT


def test_an_unknown_inline_script_in_streamlits_page_is_refused():
    index = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    changed = index.replace("</head>", "<script>track()</script></head>")
    with pytest.raises(ValueError, match="inline script"):
        safety.inject(changed)


@pytest.mark.parametrize(
    "path, base, kind",
    [
        ("/", "", "page"),
        ("/duration", "", "page"),
        ("/view_3d", "", "page"),
        ("/duration/", "", "streamlit"),  # Streamlit redirects it
        ("/_stcore/health", "", "streamlit"),
        ("/_stcore/stream", "", "streamlit"),
        ("/static/js/index.js", "", "streamlit"),
        ("/app/static/topojson/usa_110m.json", "", "streamlit"),
        ("/media/abc.png", "", "streamlit"),
        ("/component/x/index.html", "", "streamlit"),
        ("/favicon.png", "", "streamlit"),
        ("/profile/extra", "", "unknown"),
        ("/no-such-page", "", "unknown"),
        ("/index.html", "", "unknown"),
        ("/static", "", "unknown"),
        ("/po", "/po", "page"),
        ("/po/methods", "/po", "page"),
        ("/po/_stcore/health", "/po", "streamlit"),
        ("/methods", "/po", "unknown"),
    ],
)
def test_which_paths_are_pages(path, base, kind):
    assert server.classify(path, base) == kind


def test_every_page_of_the_navigation_is_a_page_path():
    assert {p.url_path for p in navigation.PAGES} == set(navigation.URL_PATHS)
    for spec in navigation.PAGES:
        assert (Path(__file__).parents[1] / spec.script).is_file()
        assert server.classify(f"/{spec.url_path}", "") == "page"


def test_headers_replace_streamlits_own():
    got = server.with_safety_headers([(b"cache-control", b"max-age=31536000"), (b"etag", b"x")])
    names = [k for k, _ in got]
    assert names.count(b"cache-control") == 1 and (b"cache-control", b"no-store") in got
    assert (b"etag", b"x") in got
    assert {k.decode() for k in names} >= {n.lower() for n in safety.HEADERS}


def test_the_standalone_page_escapes_and_links_home():
    page = safety.standalone_page("<b>x</b>", "a & b", "/po/")
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "a &amp; b" in page
    assert 'href="/po/"' in page and 'id="po-quick-exit"' in page


def test_nginx_sets_each_header_once_in_every_location(tmp_path):
    user = scaleout.prepare_folder(tmp_path)
    conf = scaleout.nginx_config(tmp_path, "    server 127.0.0.1:1;", 8080, user)
    locations = conf.split("location ")[1:]
    assert len(locations) == 2
    for block in locations:
        for name in safety.HEADERS:
            assert block.count(f"add_header {name} ") == 1, (name, block[:60])
    for name in safety.HEADERS:
        assert f"proxy_hide_header {name};" in conf
    assert (tmp_path / "pages" / "_po_unavailable.html").read_text().count("po-quick-exit") >= 1
    # The temporary folders belong to the user nginx's workers run as (the cut-off bug).
    for folder in scaleout.TEMP_FOLDERS:
        assert f"{tmp_path / folder}" in conf
        if os.geteuid() == 0:
            assert user == "user nobody nogroup;"
            assert (tmp_path / folder).stat().st_uid == pwd.getpwnam("nobody").pw_uid


def test_hotline_numbers_are_links_a_phone_dials():
    assert safety.tel_href("1-800-799-SAFE (7233)") == "tel:+18007997233"
    assert safety.tel_href("TTY 1-800-787-3224") == "tel:+18007873224"
    page = safety.hotlines_html()
    for _, number, _ in safety.HOTLINES:
        assert f'<a href="{safety.tel_href(number)}"><strong>{number}</strong></a>' in page
    with pytest.raises(ValueError):
        safety.tel_href("call us")
