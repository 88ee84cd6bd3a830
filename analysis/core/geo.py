"""Geography shipped with the app: state outlines (local topojson), centroids, tile grid."""

from __future__ import annotations

import json
from functools import lru_cache

from analysis.core import paths

TOPOJSON_DIR = paths.STATIC / "topojson"
USA_TOPOJSON = TOPOJSON_DIR / "usa_110m.json"
# Streamlit serves ./static at <base>/app/static/ (server.enableStaticServing).
STATIC_URL_PATH = "app/static/topojson/"

# Equal-size tile grid (column, row), DC included, in the common "NPR"-style layout.
TILE_GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0),
    "ME": (11, 0),
    "VT": (10, 1),
    "NH": (11, 1),
    "WA": (1, 2),
    "ID": (2, 2),
    "MT": (3, 2),
    "ND": (4, 2),
    "MN": (5, 2),
    "IL": (6, 2),
    "WI": (7, 2),
    "MI": (8, 2),
    "NY": (9, 2),
    "RI": (10, 2),
    "MA": (11, 2),
    "OR": (1, 3),
    "NV": (2, 3),
    "WY": (3, 3),
    "SD": (4, 3),
    "IA": (5, 3),
    "IN": (6, 3),
    "OH": (7, 3),
    "PA": (8, 3),
    "NJ": (9, 3),
    "CT": (10, 3),
    "CA": (1, 4),
    "UT": (2, 4),
    "CO": (3, 4),
    "NE": (4, 4),
    "MO": (5, 4),
    "KY": (6, 4),
    "WV": (7, 4),
    "VA": (8, 4),
    "MD": (9, 4),
    "DE": (10, 4),
    "AZ": (2, 5),
    "NM": (3, 5),
    "KS": (4, 5),
    "AR": (5, 5),
    "TN": (6, 5),
    "NC": (7, 5),
    "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6),
    "LA": (5, 6),
    "MS": (6, 6),
    "AL": (7, 6),
    "GA": (8, 6),
    "HI": (0, 7),
    "TX": (4, 7),
    "FL": (9, 7),
}


def static_url(relative: str, base_url_path: str = "") -> str:
    """URL of a file in ./static (served at <base>/app/static/), honouring server.baseUrlPath."""
    base = base_url_path.strip("/")
    return (f"/{base}" if base else "") + "/app/static/" + relative


def topojson_url(base_url_path: str = "") -> str:
    """The URL prefix plotly should load outline files from, honouring server.baseUrlPath."""
    return static_url(STATIC_URL_PATH.removeprefix("app/static/"), base_url_path)


@lru_cache(maxsize=1)
def _topology() -> dict:
    return json.loads(USA_TOPOJSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """(lon, lat) label point of each state, from the outline file."""
    out = {}
    for g in _topology()["objects"]["subunits"]["geometries"]:
        lon, lat = g["properties"]["ct"]
        out[g["id"]] = (float(lon), float(lat))
    return out


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 5), round(y * sy + ty, 5)))
        arcs.append(pts)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(pts if not ring else pts[1:])
    return [list(p) for p in ring]


@lru_cache(maxsize=1)
def state_polygons() -> dict[str, list[list[list[float]]]]:
    """Each state's outer rings as [lon, lat] lists (for pydeck), decoded from topojson."""
    topo = _topology()
    arcs = _decode_arcs(topo)
    out: dict[str, list[list[list[float]]]] = {}
    for g in topo["objects"]["subunits"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        else:
            polys = g["arcs"]
        out[g["id"]] = [_ring(arcs, poly[0]) for poly in polys]
    return out
