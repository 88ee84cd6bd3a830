"""The public address of the app, for links and citations that leave this machine.

A brief, a workbook or a chart file is read elsewhere: a link in it must be the address the
public uses (a setting: `PO_PUBLIC_URL`, a Streamlit secret `public_url`, or the command
line's `--public-url`), never the address the server happens to listen on
(127.0.0.1:8501 behind a proxy, a developer's localhost). public_base() refuses loopback,
unspecified, private and link-local hosts; without a public address, links are left out
(a view is named by its path and query only) and citations name the dataset's version and
files instead.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

PUBLIC_URL_ENV = "PO_PUBLIC_URL"
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


class PublicUrlError(ValueError):
    """A public address that is not one: the message says why."""


def is_local_host(host: str) -> bool:
    """True for names and addresses only this machine or its network can reach."""
    host = host.strip("[]").lower().rstrip(".")
    if not host or host in LOCAL_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified or ip.is_private or ip.is_link_local


def public_base(url: str) -> str:
    """The public address, normalised ('https://host/path', no trailing slash, no query).

    Raises PublicUrlError for anything but an http(s) address with a public host.
    """
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise PublicUrlError(f"{text[:80]!r} is not a URL") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise PublicUrlError(
            f"{text[:80]!r} is not an http(s) address (give one like https://example.org/po)"
        )
    if is_local_host(host):
        raise PublicUrlError(
            f"{host} is this machine's or a private network's address, not a public one"
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def configured_public_url(environ: Mapping[str, str] | None = None) -> str:
    """PO_PUBLIC_URL, checked; "" when unset. Raises PublicUrlError when it is not public."""
    value = (os.environ if environ is None else environ).get(PUBLIC_URL_ENV, "").strip()
    return public_base(value) if value else ""


def page_link(base: str, page: str, query: Mapping[str, str] | None = None) -> str:
    """base + '/page?query' (commas kept readable); "" without a public base."""
    if not base:
        return ""
    qs = urlencode(dict(query or {}), safe=",")
    path = f"{base}/{page.strip('/')}" if page.strip("/") else base + "/"
    return f"{path}?{qs}" if qs else path


def view_link(base: str, server_url: str, query: Mapping[str, str] | None = None) -> str:
    """The view a visitor is on, as others can open it: the public base with the page's
    path and query, or the path and query alone (no host) without a public base."""
    path = urlsplit(server_url or "").path or "/"
    if base:
        return page_link(base, path, query)
    qs = urlencode(dict(query or {}), safe=",")
    return f"{path}?{qs}" if qs else path
