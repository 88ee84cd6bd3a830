"""Browser code shipped with the app in static/vendor/: the plotly.js partial bundles.

Each bundle is an npm package's minified file, unchanged (static/vendor/README.md). Charts
are drawn with the smallest bundle that has every trace type they use, so a page loads only
what its charts need. The version must match the plotly.js that the installed plotly
package writes figures for (tests/test_vendor.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from analysis.core import paths

PLOTLY_JS_VERSION = "4.1.1"
_BANNER = re.compile(r"plotly\.js \((\w+) - minified\) v(\d+\.\d+\.\d+)")


@dataclass(frozen=True)
class Bundle:
    """One plotly.js partial bundle: its npm package, file under static/, trace types."""

    name: str
    package: str
    version: str
    file: str
    traces: frozenset[str]

    @property
    def path(self) -> Path:
        return paths.STATIC / self.file

    def banner(self) -> tuple[str, str] | None:
        """(bundle name, version) from the file's own licence banner, None if absent."""
        try:
            with self.path.open(encoding="utf-8") as fh:
                head = fh.read(400)
        except OSError:
            return None
        m = _BANNER.search(head)
        return (m.group(1), m.group(2)) if m else None


# Smallest first: a chart gets the first bundle that draws all its traces.
BUNDLES: tuple[Bundle, ...] = (
    Bundle(
        "basic",
        "plotly.js-basic-dist-min",
        PLOTLY_JS_VERSION,
        f"vendor/plotly-basic-{PLOTLY_JS_VERSION}.min.js",
        frozenset({"bar", "pie", "scatter"}),
    ),
    Bundle(
        "geo",
        "plotly.js-geo-dist-min",
        PLOTLY_JS_VERSION,
        f"vendor/plotly-geo-{PLOTLY_JS_VERSION}.min.js",
        frozenset({"choropleth", "scatter", "scattergeo"}),
    ),
)
LICENCE_FILE = "vendor/LICENSE-plotly.js.txt"


def bundles_for(trace_types: Iterable[str]) -> tuple[Bundle, ...]:
    """Every shipped bundle that draws all these trace types, smallest first (may be empty)."""
    wanted = set(trace_types) or {"scatter"}
    return tuple(b for b in BUNDLES if wanted <= b.traces)
