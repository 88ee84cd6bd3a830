"""Links that leave this machine use the public address, never the server's own."""

from __future__ import annotations

import pytest

from analysis.core import links


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8611/",
        "http://localhost:8501",
        "http://[::1]:8501",
        "http://0.0.0.0:8501",
        "http://192.168.1.20/po",
        "http://169.254.1.1",
        "https://app.localhost",
        "ftp://example.org",
        "example.org",
        "https://example.org:port",
    ],
)
def test_a_local_private_or_malformed_address_is_not_a_public_one(url):
    with pytest.raises(links.PublicUrlError):
        links.public_base(url)


def test_a_public_address_is_kept_without_its_trailing_slash_query_or_fragment():
    assert links.public_base(" https://po.example.org/laws/?x=1#top ") == (
        "https://po.example.org/laws"
    )
    assert links.public_base("http://8.8.8.8:8080") == "http://8.8.8.8:8080"


def test_the_setting_is_read_and_checked():
    assert links.configured_public_url({}) == ""
    env = {links.PUBLIC_URL_ENV: "https://po.example.org/"}
    assert links.configured_public_url(env) == "https://po.example.org"
    with pytest.raises(links.PublicUrlError, match="localhost"):
        links.configured_public_url({links.PUBLIC_URL_ENV: "http://localhost:8501"})


def test_a_view_link_is_rebased_on_the_public_address_or_loses_its_host():
    server = "http://127.0.0.1:8501/explore"
    query = {"fees_waived": "yes,conditional"}
    assert links.view_link("", server, query) == "/explore?fees_waived=yes,conditional"
    assert (
        links.view_link("https://po.example.org", server, query)
        == "https://po.example.org/explore?fees_waived=yes,conditional"
    )
    assert links.page_link("https://po.example.org", "export", {"states": "MS,AL"}) == (
        "https://po.example.org/export?states=MS,AL"
    )
