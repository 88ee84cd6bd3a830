"""The app's pages, declared once: the navigation (dashboard.py) and the web layer
(analysis/app/server.py, which answers unknown paths itself) both read this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    script: str  # relative to the project folder
    title: str
    url_path: str  # "" for the default page
    section: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/overview.py", "Overview", "", "Explore the data"),
    PageSpec("pages/duration.py", "Duration", "duration", "Explore the data"),
    PageSpec("pages/penalties.py", "Penalties", "penalties", "Explore the data"),
    PageSpec("pages/transmission.py", "Transmission", "transmission", "Explore the data"),
    PageSpec("pages/explore.py", "Explore & filter", "explore", "Explore the data"),
    PageSpec("pages/profile.py", "State profile", "profile", "States"),
    PageSpec("pages/compare.py", "Compare states", "compare", "States"),
    PageSpec("pages/view_3d.py", "3D view", "view_3d", "States"),
    PageSpec("pages/export.py", "Downloads & briefs", "export", "Reports"),
    PageSpec("pages/methods.py", "Methods & sources", "methods", "About"),
)
URL_PATHS = frozenset(p.url_path for p in PAGES)


def href(spec: PageSpec) -> str:
    """A page's link, relative to the current page (every page sits one level below the
    app's address, so the base URL path is kept): "./" for the overview."""
    return spec.url_path or "./"


def sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """The pages grouped by section, in order, as (section, [(title, link)])."""
    out: dict[str, list[tuple[str, str]]] = {}
    for spec in PAGES:
        out.setdefault(spec.section, []).append((spec.title, href(spec)))
    return list(out.items())
