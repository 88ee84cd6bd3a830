"""Visitor safety: the quick exit, the words that explain it, and the HTTP headers.

Visitors may be people living with abuse. Everything here is served by the app's own web
layer (analysis/app/server.py) into every page, independent of Streamlit's JavaScript, and
the same headers are written into the nginx set-up (analysis/tools/scaleout.py), so a page
reached through either carries them. README, "Safety", explains each choice.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

ASSETS = Path(__file__).parent / "assets"

# A neutral page with no query: nothing of this site (not even a search) travels with it.
EXIT_URL = "https://www.weather.gov/"
# The keyboard exit. Never Esc: Esc is how people close menus, lists and dialogs.
KEY_HINT = "press Shift three times"
EXIT_HINT = f"Leave fast: Quick exit (the red button) or {KEY_HINT}."
# What a browser cannot guarantee, in one line (as the national hotlines' sites say it).
HISTORY_LINE = "It cannot erase your browser history; a private window keeps none."
HOTLINES = (
    ("National Domestic Violence Hotline", "1-800-799-SAFE (7233)", "TTY 1-800-787-3224"),
    ("National Center on Full Faith and Credit", "1-800-903-0111", ""),
)

SCRIPT = (ASSETS / "quick_exit.js").read_text(encoding="utf-8").replace("__EXIT_URL__", EXIT_URL)
STYLE = (ASSETS / "quick_exit.css").read_text(encoding="utf-8")


def _sha256_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# Every response: pages, Streamlit's own files, downloads, errors. No third-party host is
# allowed anywhere; the one inline script is ours, allowed by its hash.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        # blob: for the overview map, a Streamlit component whose code Streamlit hands to
        # the browser as a blob: module (only code already running here can make one);
        # 'wasm-unsafe-eval' lets the 3D view's deck.gl compile its WebAssembly (not eval).
        f"script-src 'self' {_sha256_source(SCRIPT)} blob: 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "media-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)
HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    # Nothing of the site stays in the browser's disk cache once the tab is closed.
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def head_html() -> str:
    """What every page's <head> starts with: no referrer, the exit's style and script."""
    return (
        '<meta name="referrer" content="no-referrer">'
        f"<style>{STYLE}</style><script>{SCRIPT}</script>"
    )


def exit_html() -> str:
    """The quick exit, first in the body and so first in keyboard order.

    A plain link that works without any script (rel=noreferrer); the script makes it
    replace the page in history. data-react-aria-top-layer keeps Streamlit's dialogs from
    hiding it or trapping focus away from it.
    """
    title = html.escape(f"Leave this site now ({KEY_HINT}). {HISTORY_LINE}")
    return (
        '<nav id="po-safety" aria-label="Leave this site" data-react-aria-top-layer="true">'
        f'<a id="po-quick-exit" href="{html.escape(EXIT_URL)}" rel="noreferrer noopener" '
        f'title="{title}">Quick exit</a></nav>'
    )


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>\s*", re.S)


def inject(index_html: str) -> str:
    """Streamlit's index.html with the quick exit built in (and its inline script moved).

    Streamlit's one inline script (`window.prerenderReady = false`) is dropped: ours sets
    the same flag, so the Content-Security-Policy allows exactly one inline script.
    """
    scripts = [m.group(1).strip() for m in _INLINE_SCRIPT.finditer(index_html)]
    unknown = [s for s in scripts if s != "window.prerenderReady = false"]
    if unknown:
        raise ValueError(
            f"Streamlit's index.html has an inline script this app does not know: {unknown[0][:80]!r}"
        )
    out = _INLINE_SCRIPT.sub("", index_html)
    out = re.sub(
        r"<title>.*?</title>", "<title>Protective-order laws by state</title>", out, flags=re.S
    )
    if "<head>" not in out or "<body>" not in out:
        raise ValueError("Streamlit's index.html has no <head> or <body>")
    out = out.replace("<head>", "<head>\n    " + head_html(), 1)
    return out.replace("<body>", "<body>\n    " + exit_html(), 1)


_KEYPAD = {
    c: str(d)
    for d, letters in enumerate(("", "", "ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"))
    for c in letters
}


def tel_href(number: str) -> str:
    """A `tel:` link for a US number as written ("1-800-799-SAFE (7233)", "TTY 1-800-787-3224"):
    the part before any bracket, letters as keypad digits, in international form."""
    spoken = number.split("(", 1)[0].upper().removeprefix("TTY")
    digits = "".join(_KEYPAD.get(c, c) for c in spoken if c.isalnum())
    if not (len(digits) == 11 and digits.startswith("1")) or not digits.isdigit():
        raise ValueError(f"not a US number: {number!r}")
    return f"tel:+{digits}"


def tel_link(number: str) -> str:
    """The number as written, a link a phone dials with one tap."""
    return f'<a href="{tel_href(number)}"><strong>{html.escape(number)}</strong></a>'


def hotlines_html() -> str:
    items = "".join(
        f"<li>{html.escape(name)}: {tel_link(number)}"
        + (f" · {_extra_html(extra)}" if extra else "")
        + "</li>"
        for name, number, extra in HOTLINES
    )
    return f"<ul>{items}</ul>"


def _extra_html(extra: str) -> str:
    if extra.startswith("TTY "):
        return f'TTY <a href="{tel_href(extra)}">{html.escape(extra.removeprefix("TTY "))}</a>'
    return html.escape(extra)


def standalone_page(title: str, message: str, home: str, status: str = "") -> str:
    """A complete page of its own (page not found, app unavailable): quick exit, a link
    home, the hotlines. No Streamlit, no other file needed, so nginx can serve it too."""
    heading = html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{head_html()}<title>{heading} · Protective-order laws by state</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:0;color:#1f1f1f;background:#fff}"
        "main{max-width:40rem;margin:4.5rem auto 2rem;padding:0 1.25rem;line-height:1.5}"
        "h1{font-size:1.6rem}a{color:#0b57d0}.po-note{color:#555;font-size:0.9rem}"
        "@media (prefers-color-scheme: dark){body{background:#0e1117;color:#fafafa}"
        "a{color:#8ab4f8}.po-note{color:#bbb}}</style></head>"
        f"<body>{exit_html()}<main><h1>{heading}</h1>"
        f"<p>{html.escape(message)}</p>"
        f'<p><a href="{html.escape(home)}">Go to the overview of protective-order laws</a></p>'
        f"<h2>Need help now?</h2>{hotlines_html()}"
        f'<p class="po-note">{html.escape(EXIT_HINT)} {html.escape(HISTORY_LINE)}</p>'
        + (f'<p class="po-note">{html.escape(status)}</p>' if status else "")
        + "</main></body></html>\n"
    )


NOT_FOUND_MESSAGE = "There is no page at this address. The address may be mistyped or out of date."
UNAVAILABLE_MESSAGE = (
    "The dashboard is not answering right now. Try again in a minute; nothing you did caused this."
)
